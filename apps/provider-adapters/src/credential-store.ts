import { Injectable } from '@nestjs/common';
import { ConfigState, CredentialCipher } from '@switchyard/control-plane';
import type { CredentialResolver } from '@switchyard/providers';

const PREFIX = 'cred:';

/**
 * Resolves a deployment's credential reference ("cred:<id>") to the decrypted
 * provider key, from the encrypted credentials in the config log. A tenant's
 * own (BYO) credential is only ever usable for that tenant's requests.
 */
@Injectable()
export class CredentialStore implements CredentialResolver {
  // Decrypting on every call costs ~70 µs of CPU; keep the plaintext per record
  // version (the ciphertext changes whenever the record does).
  private readonly opened = new Map<string, { ciphertext: string; secret: { apiKey: string; extras: Record<string, string> } }>();

  constructor(
    private readonly state: ConfigState,
    private readonly cipher: CredentialCipher,
  ) {}

  resolve(credentialRef: string, tenantId: string): { apiKey: string; extras: Record<string, string> } | undefined {
    if (!credentialRef.startsWith(PREFIX)) return undefined;
    const record = this.state.credentials.get(credentialRef.slice(PREFIX.length));
    if (!record) return undefined;
    if (record.tenantId !== '' && record.tenantId !== tenantId) return undefined;
    const cached = this.opened.get(record.id);
    if (cached && cached.ciphertext === record.ciphertextB64) return cached.secret;
    try {
      const secret = parseSecret(this.cipher.open(record, record.id));
      this.opened.set(record.id, { ciphertext: record.ciphertextB64, secret });
      return secret;
    } catch {
      return undefined;
    }
  }
}

/** A secret is either the bare API key or a JSON object {"apiKey": ..., ...extras}. */
function parseSecret(plaintext: string): { apiKey: string; extras: Record<string, string> } {
  if (!plaintext.startsWith('{')) return { apiKey: plaintext, extras: {} };
  const parsed = JSON.parse(plaintext) as Record<string, unknown>;
  const extras: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string' && k !== 'apiKey') extras[k] = v;
  return { apiKey: typeof parsed['apiKey'] === 'string' ? parsed['apiKey'] : '', extras };
}
