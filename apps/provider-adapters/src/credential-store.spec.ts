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

const cipher = new CredentialCipher(new Map([['k1', randomBytes(32)]]), 'k1');

/** A credential sealed the way the admin API seals it, applied to the config state. */
function putCredential(state: ConfigState, id: string, tenantId: string, secret: string): void {
  const providerCredential = ProviderCredential.fromPartial({ id, tenantId, provider: 'openai', ...cipher.seal(secret, id) });
  state.apply(ConfigEvent.fromPartial({ entity: { $case: 'providerCredential', providerCredential } }));
}

/** A store with a silent logger and its own metrics registry. */
function newStore(state: ConfigState, sealedWith: CredentialCipher): CredentialStore {
  const log = createLogger({
    service: 'test',
    instance: 'test',
    level: 'info',
    destination: new Writable({ write: (_c, _e, done) => done() }),
  });
  return new CredentialStore(state, sealedWith, log, new Registry());
}

describe('CredentialStore', () => {
  it("serves a tenant's own (BYO) key to that tenant only", () => {
    const state = new ConfigState();
    putCredential(state, 'cred_byo', 'ten_a', 'sk-tenant-a');
    const store = newStore(state, cipher);
    expect(store.resolve('cred:ten_a/cred_byo', 'ten_a')).toEqual({ apiKey: 'sk-tenant-a', extras: {} });
    expect(store.resolve('cred:ten_a/cred_byo', 'ten_b')).toBeUndefined();
    expect(store.resolve('cred:ten_a/cred_byo', '')).toBeUndefined();
  });

  it('keeps refusing other tenants after the owner has used the key (the opened secret is cached)', () => {
    const state = new ConfigState();
    putCredential(state, 'cred_byo', 'ten_a', 'sk-tenant-a');
    const store = newStore(state, cipher);
    expect(store.resolve('cred:ten_a/cred_byo', 'ten_a')?.apiKey).toBe('sk-tenant-a');
    expect(store.resolve('cred:ten_a/cred_byo', 'ten_b')).toBeUndefined();
  });

  it('serves a platform-owned key to every tenant', () => {
    const state = new ConfigState();
    putCredential(state, 'cred_platform', '', 'sk-platform');
    const store = newStore(state, cipher);
    expect(store.resolve('cred:cred_platform', 'ten_a')?.apiKey).toBe('sk-platform');
    expect(store.resolve('cred:cred_platform', 'ten_b')?.apiKey).toBe('sk-platform');
  });

  it('opens a JSON secret into the API key and string extras', () => {
    const state = new ConfigState();
    putCredential(state, 'cred_aws', '', JSON.stringify({ apiKey: 'AKIA', secretAccessKey: 's3cr3t', region: 'eu-west-1', port: 1 }));
    expect(newStore(state, cipher).resolve('cred:cred_aws', 'ten_a')).toEqual({
      apiKey: 'AKIA',
      extras: { secretAccessKey: 's3cr3t', region: 'eu-west-1' },
    });
  });

  it('follows a rotated secret: a new ciphertext for the same record is opened again', () => {
    const state = new ConfigState();
    putCredential(state, 'cred_byo', 'ten_a', 'sk-old');
    const store = newStore(state, cipher);
    expect(store.resolve('cred:ten_a/cred_byo', 'ten_a')?.apiKey).toBe('sk-old');
    putCredential(state, 'cred_byo', 'ten_a', 'sk-new');
    expect(store.resolve('cred:ten_a/cred_byo', 'ten_a')?.apiKey).toBe('sk-new');
  });

  it('resolves nothing for other references, unknown records and secrets it cannot open', () => {
    const state = new ConfigState();
    putCredential(state, 'cred_1', '', 'sk-1');
    const other = new CredentialCipher(new Map([['k1', randomBytes(32)]]), 'k1');
    const store = newStore(state, cipher);
    expect(store.resolve('env:OPENAI_API_KEY', 'ten_a')).toBeUndefined();
    expect(store.resolve('cred_1', 'ten_a')).toBeUndefined();
    expect(store.resolve('cred:cred_missing', 'ten_a')).toBeUndefined();
    expect(newStore(state, other).resolve('cred:cred_1', 'ten_a')).toBeUndefined();
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
