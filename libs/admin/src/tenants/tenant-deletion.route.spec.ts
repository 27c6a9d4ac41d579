import { authenticateApiKey } from '@switchyard/control-plane';
import { BOOTSTRAP, inMemoryAdmin } from '../test-support/in-memory-admin';

describe('DELETE /tenants/{tenantId}', () => {
  async function tenantWithData() {
    const admin = inMemoryAdmin();
    await admin.call('POST', '/tenants', BOOTSTRAP, { id: 'ten_a', name: 'A' });
    await admin.call('POST', '/tenants', BOOTSTRAP, { id: 'ten_b', name: 'B' });
    const keys = [];
    for (const name of ['one', 'two'])
      keys.push((await admin.call('POST', '/tenants/ten_a/api-keys', BOOTSTRAP, { name })).body as { id: string; key: string });
    const other = (await admin.call('POST', '/tenants/ten_b/api-keys', BOOTSTRAP, { name: 'b' })).body as { key: string };
    await admin.call('POST', '/tenants/ten_a/provider-credentials', BOOTSTRAP, { id: 'byo', provider: 'openai', secret: 'sk-a' });
    await admin.call('PUT', '/tenants/ten_a/alert-webhooks/wh', BOOTSTRAP, {
      url: 'https://alerts.example.com/a',
      secret: 'whsec_0123456789abcdef',
    });
    return { ...admin, keys, other };
  }

  it('revokes every key, removes the secrets and marks the tenant deleted, leaving other tenants alone', async () => {
    const { call, state, keys, other, log } = await tenantWithData();
    const before = log.length;
    const res = await call('DELETE', '/tenants/ten_a', BOOTSTRAP);
    expect(res).toEqual({
      status: 200,
      body: {
        id: 'ten_a',
        status: 'deleted',
        revoked_api_keys: keys.map((k) => k.id),
        removed_provider_credentials: ['byo'],
        removed_alert_webhooks: ['wh'],
      },
    });
    for (const k of keys) expect(authenticateApiKey(state, `Bearer ${k.key}`, Date.now())).toEqual({ ok: false, reason: 'revoked' });
    expect(authenticateApiKey(state, `Bearer ${other.key}`, Date.now())).toMatchObject({ ok: true });
    expect(state.credentials.has('byo')).toBe(false);
    expect(state.alertWebhooks.has('wh')).toBe(false);
    // Two key revocations, two secret deletions, then the tenant: each one an event with the operation.
    const events = log.slice(before);
    expect(events.map((e) => [e.entity?.$case, e.deleted])).toEqual([
      ['apiKey', false],
      ['apiKey', false],
      ['providerCredential', true],
      ['alertWebhook', true],
      ['tenant', false],
    ]);
    for (const e of events) expect(e.actor?.operation).toBe('DELETE /admin/v1/tenants/{tenantId}');
  });

  it('is gone for tenant routes and listings, cannot be deleted twice, and its id is never reused', async () => {
    const { call } = await tenantWithData();
    await call('DELETE', '/tenants/ten_a', BOOTSTRAP);
    expect(await call('GET', '/tenants/ten_a', BOOTSTRAP)).toMatchObject({ status: 404 });
    expect(await call('POST', '/tenants/ten_a/api-keys', BOOTSTRAP, { name: 'late' })).toMatchObject({ status: 404 });
    expect(await call('DELETE', '/tenants/ten_a', BOOTSTRAP)).toMatchObject({ status: 404 });
    expect(((await call('GET', '/tenants', BOOTSTRAP)).body as { data: { id: string }[] }).data.map((t) => t.id)).toEqual(['ten_b']);
    expect(await call('POST', '/tenants', BOOTSTRAP, { id: 'ten_a', name: 'Again' })).toMatchObject({ status: 409 });
  });
});
