import type { ConfigState } from '@switchyard/control-plane';
import { CredentialCipher } from '@switchyard/control-plane';
import type { CredentialResolver } from '@switchyard/providers';

const PREFIX = 'cred:';

/**
 * Resolves a deployment's credential reference ("cred:<id>") to the decrypted
 * provider key, from the encrypted credentials in the config log. A tenant's
 * own (BYO) credential is only ever usable for that tenant's requests.
 */
export class CredentialStore implements CredentialResolver {
  constructor(
    private readonly state: ConfigState,
    private readonly cipher: CredentialCipher,
  ) {}

  resolve(credentialRef: string, tenantId: string): { apiKey: string; extras: Record<string, string> } | undefined {
    if (!credentialRef.startsWith(PREFIX)) return undefined;
    const record = this.state.credentials.get(credentialRef.slice(PREFIX.length));
    if (!record) return undefined;
    if (record.tenantId !== '' && record.tenantId !== tenantId) return undefined;
    try {
      const plaintext = this.cipher.open(record, record.id);
      return parseSecret(plaintext);
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
