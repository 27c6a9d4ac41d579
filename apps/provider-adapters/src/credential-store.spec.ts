import { ConfigEvent, ProviderCredential } from '@switchyard/contracts';
import { ConfigState, CredentialCipher } from '@switchyard/control-plane';
import { createLogger } from '@switchyard/platform';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { Registry } from 'prom-client';
import { CredentialStore } from './credential-store';

function setup() {
  const cipher = new CredentialCipher(new Map([['k1', randomBytes(32)]]), 'k1');
  const other = new CredentialCipher(new Map([['k2', randomBytes(32)]]), 'k2');
  const state = new ConfigState();
  const add = (id: string, tenantId: string, sealedBy: CredentialCipher) =>
    state.apply(
      ConfigEvent.fromPartial({
        entity: {
          $case: 'providerCredential',
          providerCredential: ProviderCredential.fromPartial({ id, tenantId, provider: 'openai', ...sealedBy.seal(`sk-${id}`, id) }),
        },
      }),
    );
  add('platform', '', cipher);
  add('byo', 'ten_a', cipher);
  add('broken', '', other);
  const lines: string[] = [];
  const log = createLogger({
    service: 'test',
    instance: 'test',
    level: 'info',
    destination: new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(chunk.toString()), done()) }),
  });
  const metrics = new Registry();
  return { store: new CredentialStore(state, cipher, log, metrics), lines, metrics };
}

describe('CredentialStore', () => {
  it('opens platform keys for anyone and a BYO key for its tenant only', () => {
    const { store } = setup();
    expect(store.resolve('cred:platform', 'ten_b')?.apiKey).toBe('sk-platform');
    expect(store.resolve('cred:byo', 'ten_a')?.apiKey).toBe('sk-byo');
    expect(store.resolve('cred:byo', 'ten_b')).toBeUndefined();
  });

  it('logs (once per record, without the secret) and counts a credential that cannot be used', async () => {
    const { store, lines, metrics } = setup();
    expect(store.resolve('cred:broken', 'ten_a')).toBeUndefined();
    expect(store.resolve('cred:broken', 'ten_a')).toBeUndefined();
    expect(store.resolve('cred:missing', 'ten_a')).toBeUndefined();
    const errors = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l['level'] === 'error');
    expect(errors.map((e) => [e['credentialId'], e['reason']])).toEqual([
      ['broken', 'undecryptable'],
      ['missing', 'missing'],
    ]);
    expect(lines.join('')).not.toContain('sk-broken');
    const text = await metrics.metrics();
    expect(text).toContain('switchyard_adapters_credential_failures_total{credential_id="broken",reason="undecryptable"} 2');
    expect(text).toContain('switchyard_adapters_credential_failures_total{credential_id="missing",reason="missing"} 1');
  });
});
