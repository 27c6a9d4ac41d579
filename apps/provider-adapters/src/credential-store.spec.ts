import { ConfigEvent, ProviderCredential } from '@switchyard/contracts';
import { ConfigState, CredentialCipher } from '@switchyard/control-plane';
import { randomBytes } from 'node:crypto';
import { CredentialStore } from './credential-store';

const cipher = new CredentialCipher(new Map([['k1', randomBytes(32)]]), 'k1');

/** A credential sealed the way the admin API seals it, applied to the config state. */
function putCredential(state: ConfigState, id: string, tenantId: string, secret: string): void {
  const providerCredential = ProviderCredential.fromPartial({ id, tenantId, provider: 'openai', ...cipher.seal(secret, id) });
  state.apply(ConfigEvent.fromPartial({ entity: { $case: 'providerCredential', providerCredential } }));
}

describe('CredentialStore', () => {
  it("serves a tenant's own (BYO) key to that tenant only", () => {
    const state = new ConfigState();
    putCredential(state, 'cred_byo', 'ten_a', 'sk-tenant-a');
    const store = new CredentialStore(state, cipher);
    expect(store.resolve('cred:cred_byo', 'ten_a')).toEqual({ apiKey: 'sk-tenant-a', extras: {} });
    expect(store.resolve('cred:cred_byo', 'ten_b')).toBeUndefined();
    expect(store.resolve('cred:cred_byo', '')).toBeUndefined();
  });

  it('keeps refusing other tenants after the owner has used the key (the opened secret is cached)', () => {
    const state = new ConfigState();
    putCredential(state, 'cred_byo', 'ten_a', 'sk-tenant-a');
    const store = new CredentialStore(state, cipher);
    expect(store.resolve('cred:cred_byo', 'ten_a')?.apiKey).toBe('sk-tenant-a');
    expect(store.resolve('cred:cred_byo', 'ten_b')).toBeUndefined();
  });

  it('serves a platform-owned key to every tenant', () => {
    const state = new ConfigState();
    putCredential(state, 'cred_platform', '', 'sk-platform');
    const store = new CredentialStore(state, cipher);
    expect(store.resolve('cred:cred_platform', 'ten_a')?.apiKey).toBe('sk-platform');
    expect(store.resolve('cred:cred_platform', 'ten_b')?.apiKey).toBe('sk-platform');
  });

  it('opens a JSON secret into the API key and string extras', () => {
    const state = new ConfigState();
    putCredential(state, 'cred_aws', '', JSON.stringify({ apiKey: 'AKIA', secretAccessKey: 's3cr3t', region: 'eu-west-1', port: 1 }));
    expect(new CredentialStore(state, cipher).resolve('cred:cred_aws', 'ten_a')).toEqual({
      apiKey: 'AKIA',
      extras: { secretAccessKey: 's3cr3t', region: 'eu-west-1' },
    });
  });

  it('follows a rotated secret: a new ciphertext for the same record is opened again', () => {
    const state = new ConfigState();
    putCredential(state, 'cred_byo', 'ten_a', 'sk-old');
    const store = new CredentialStore(state, cipher);
    expect(store.resolve('cred:cred_byo', 'ten_a')?.apiKey).toBe('sk-old');
    putCredential(state, 'cred_byo', 'ten_a', 'sk-new');
    expect(store.resolve('cred:cred_byo', 'ten_a')?.apiKey).toBe('sk-new');
  });

  it('resolves nothing for other references, unknown records and secrets it cannot open', () => {
    const state = new ConfigState();
    putCredential(state, 'cred_1', '', 'sk-1');
    const other = new CredentialCipher(new Map([['k1', randomBytes(32)]]), 'k1');
    const store = new CredentialStore(state, cipher);
    expect(store.resolve('env:OPENAI_API_KEY', 'ten_a')).toBeUndefined();
    expect(store.resolve('cred_1', 'ten_a')).toBeUndefined();
    expect(store.resolve('cred:cred_missing', 'ten_a')).toBeUndefined();
    expect(new CredentialStore(state, other).resolve('cred:cred_1', 'ten_a')).toBeUndefined();
  });
});
