import { Inject, Injectable } from '@nestjs/common';
import type { ProviderCredential } from '@switchyard/contracts';
import { ConfigState, CredentialCipher, ownedKey, parseCredentialRef } from '@switchyard/control-plane';
import { LOG, METRICS } from '@switchyard/platform';
import type { Log } from '@switchyard/platform';
import type { CredentialResolver } from '@switchyard/providers';
import { Counter, Registry } from 'prom-client';

type Failure = 'missing' | 'other_tenant' | 'undecryptable';

/**
 * Resolves a deployment's credential reference (credentialRef) to the decrypted
 * provider key, from the encrypted credentials in the config log. A tenant's
 * own (BYO) credential is only ever usable for that tenant's requests.
 * A credential that cannot be used is the operator's problem, not the
 * caller's: it is logged (once per record version) and counted; the caller
 * gets a 503 that does not count against the deployment's health.
 */
@Injectable()
export class CredentialStore implements CredentialResolver {
  // Decrypting on every call costs ~70 µs of CPU; keep the plaintext per record
  // version (the ciphertext changes whenever the record does).
  private readonly opened = new Map<string, { ciphertext: string; secret: { apiKey: string; extras: Record<string, string> } }>();
  private readonly logged = new Set<string>();
  private readonly failures: Counter<'credential_id' | 'reason'>;

  constructor(
    private readonly state: ConfigState,
    private readonly cipher: CredentialCipher,
    @Inject(LOG) private readonly log: Log,
    @Inject(METRICS) metrics: Registry,
  ) {
    this.failures = new Counter({
      name: 'switchyard_adapters_credential_failures_total',
      help: 'Attempts whose deployment credential was missing, belongs to another tenant, or could not be decrypted.',
      labelNames: ['credential_id', 'reason'],
      registers: [metrics],
    });
  }

  resolve(credentialRef: string, tenantId: string): { apiKey: string; extras: Record<string, string> } | undefined {
    const ref = parseCredentialRef(credentialRef);
    if (!ref) return undefined;
    const id = ref.credentialId;
    // The router never routes another tenant's BYO deployment; reaching here means it did.
    if (ref.tenantId !== '' && ref.tenantId !== tenantId) return this.failed(id, 'other_tenant', undefined, { tenantId });
    const record = this.state.credential(ref.tenantId, ref.credentialId);
    if (!record) return this.failed(id, 'missing', undefined);
    const key = ownedKey(record.tenantId, record.id);
    const cached = this.opened.get(key);
    if (cached && cached.ciphertext === record.ciphertextB64) return cached.secret;
    try {
      const secret = parseSecret(this.cipher.open(record, record.id));
      this.opened.set(key, { ciphertext: record.ciphertextB64, secret });
      return secret;
    } catch (error) {
      return this.failed(id, 'undecryptable', record, { error: error instanceof Error ? error.message : String(error) });
    }
  }

  private failed(id: string, reason: Failure, record: ProviderCredential | undefined, details: Record<string, string> = {}): undefined {
    this.failures.inc({ credential_id: id, reason });
    const version = `${id}|${reason}|${record?.ciphertextB64 ?? ''}|${details['tenantId'] ?? ''}`;
    if (!this.logged.has(version)) {
      this.logged.add(version);
      // Ids and the key-encryption key id only: never the ciphertext or the secret.
      this.log.error(
        { credentialId: id, reason, kekId: record?.kekId ?? '', credentialTenantId: record?.tenantId ?? '', ...details },
        'provider credential cannot be used: attempts of deployments that use it fail with 503 until an operator fixes it',
      );
    }
    return undefined;
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
