import { ApiKey, ConfigEvent, Tenant, TenantStatus } from '@switchyard/contracts';
import { ConfigState } from '../state/config-state';
import { issueApiKey } from './api-key-secret';
import { authenticateApiKey } from './authenticate-api-key';

function tenant(status = TenantStatus.TENANT_STATUS_ACTIVE): Tenant {
  return Tenant.fromPartial({ id: 'ten_1', name: 'Acme', planId: 'pro', status });
}

function keyEvent(key: Partial<ApiKey>, deleted = false): ConfigEvent {
  return ConfigEvent.fromPartial({ entity: { $case: 'apiKey', apiKey: ApiKey.fromPartial(key) }, deleted });
}

describe('authenticateApiKey', () => {
  const issued = issueApiKey();
  const baseKey = { id: issued.id, tenantId: 'ten_1', prefix: issued.prefix, secretHash: issued.secretHash };

  function stateWith(key: Partial<ApiKey>, t = tenant()): ConfigState {
    const state = new ConfigState();
    state.apply(ConfigEvent.fromPartial({ entity: { $case: 'tenant', tenant: t } }));
    state.apply(keyEvent(key));
    return state;
  }

  it('accepts the issued key as a bearer token', () => {
    const result = authenticateApiKey(stateWith(baseKey), `Bearer ${issued.plaintext}`, 1000);
    expect(result.ok && result.tenant.id).toBe('ten_1');
  });

  it('never stores the plaintext', () => {
    expect(issued.secretHash).not.toContain(issued.plaintext.slice(-20));
    expect(issued.plaintext).toMatch(/^sy_live_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
  });

  it.each([
    ['missing', undefined],
    ['malformed', 'Bearer not-a-key'],
    ['unknown', `Bearer ${issued.prefix}_${'A'.repeat(43)}`],
  ])('rejects %s credentials', (reason, header) => {
    expect(authenticateApiKey(stateWith(baseKey), header, 1000)).toEqual({ ok: false, reason });
  });

  it('rejects revoked and expired keys from the moment they take effect', () => {
    expect(authenticateApiKey(stateWith({ ...baseKey, revokedAtMs: 500 }), issued.plaintext, 1000)).toEqual({
      ok: false,
      reason: 'revoked',
    });
    expect(authenticateApiKey(stateWith({ ...baseKey, expiresAtMs: 1000 }), issued.plaintext, 1000)).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(authenticateApiKey(stateWith({ ...baseKey, expiresAtMs: 1001 }), issued.plaintext, 1000).ok).toBe(true);
  });

  it('rejects keys of a suspended tenant', () => {
    const state = stateWith(baseKey, tenant(TenantStatus.TENANT_STATUS_SUSPENDED));
    expect(authenticateApiKey(state, issued.plaintext, 1000)).toEqual({ ok: false, reason: 'tenant_suspended' });
  });

  it('forgets a deleted key', () => {
    const state = stateWith(baseKey);
    state.apply(keyEvent(baseKey, true));
    expect(authenticateApiKey(state, issued.plaintext, 1000)).toEqual({ ok: false, reason: 'unknown' });
  });
});
