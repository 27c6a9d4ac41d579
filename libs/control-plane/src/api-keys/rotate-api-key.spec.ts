import { ApiKey, ConfigEvent, Tenant, TenantStatus } from '@switchyard/contracts';
import { ConfigState } from '../state/config-state';
import { issueApiKey } from './api-key-secret';
import { authenticateApiKey } from './authenticate-api-key';
import { apiKeyStatus, revokeApiKey, rotateApiKey } from './rotate-api-key';

describe('API key rotation', () => {
  const first = issueApiKey();
  const old = ApiKey.fromPartial({
    id: first.id,
    tenantId: 'ten_1',
    name: 'prod',
    prefix: first.prefix,
    secretHash: first.secretHash,
    planId: 'pro',
    features: ['chat'],
    allowedModels: ['gpt-4o-mini'],
    allowedRegions: ['eu-west'],
    createdAtMs: 100,
  });

  function stateWith(...keys: ApiKey[]): ConfigState {
    const state = new ConfigState();
    state.apply(
      ConfigEvent.fromPartial({
        entity: { $case: 'tenant', tenant: Tenant.fromPartial({ id: 'ten_1', status: TenantStatus.TENANT_STATUS_ACTIVE }) },
      }),
    );
    for (const apiKey of keys) state.apply(ConfigEvent.fromPartial({ entity: { $case: 'apiKey', apiKey } }));
    return state;
  }

  it('gives the successor the same scope and a fresh secret, and links both ways', () => {
    const next = issueApiKey();
    const result = rotateApiKey(old, next, 1_000, 60_000);
    if ('refused' in result) throw new Error('refused');
    expect(result.successor).toMatchObject({
      id: next.id,
      tenantId: 'ten_1',
      planId: 'pro',
      features: ['chat'],
      allowedModels: ['gpt-4o-mini'],
      allowedRegions: ['eu-west'],
      rotatedFromKeyId: old.id,
      secretHash: next.secretHash,
      createdAtMs: 1_000,
    });
    expect(result.successor.secretHash).not.toBe(old.secretHash);
    expect(result.retired).toMatchObject({ id: old.id, expiresAtMs: 61_000, replacedByKeyId: next.id, secretHash: old.secretHash });
  });

  it('keeps the old key working until the overlap ends, then refuses it as rotated', () => {
    const next = issueApiKey();
    const result = rotateApiKey(old, next, 1_000, 5_000);
    if ('refused' in result) throw new Error('refused');
    const state = stateWith(result.retired, result.successor);
    expect(authenticateApiKey(state, first.plaintext, 5_999).ok).toBe(true);
    expect(authenticateApiKey(state, next.plaintext, 5_999).ok).toBe(true);
    expect(authenticateApiKey(state, first.plaintext, 6_000)).toEqual({ ok: false, reason: 'rotated' });
    expect(authenticateApiKey(state, next.plaintext, 6_000).ok).toBe(true);
  });

  it('never extends an earlier expiry of the old key', () => {
    const result = rotateApiKey({ ...old, expiresAtMs: 2_000 }, issueApiKey(), 1_000, 60_000);
    expect('retired' in result && result.retired.expiresAtMs).toBe(2_000);
  });

  it('zero overlap retires the old key at once', () => {
    const result = rotateApiKey(old, issueApiKey(), 1_000, 0);
    expect('retired' in result && apiKeyStatus(result.retired, 1_000)).toBe('expired');
  });

  it('refuses to rotate a revoked or expired key', () => {
    expect(rotateApiKey({ ...old, revokedAtMs: 500 }, issueApiKey(), 1_000, 1)).toEqual({ refused: 'revoked' });
    expect(rotateApiKey({ ...old, expiresAtMs: 900 }, issueApiKey(), 1_000, 1)).toEqual({ refused: 'expired' });
  });

  it('revocation takes effect at once and keeps its first time', () => {
    const revoked = revokeApiKey(old, 2_000);
    expect(authenticateApiKey(stateWith(revoked), first.plaintext, 2_000)).toEqual({ ok: false, reason: 'revoked' });
    expect(revokeApiKey(revoked, 9_000).revokedAtMs).toBe(2_000);
    expect(apiKeyStatus(revoked, 2_000)).toBe('revoked');
  });
});
