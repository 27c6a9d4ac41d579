import { CredentialCipher } from '@switchyard/control-plane';
import { randomBytes } from 'node:crypto';
import { ADMIN_ROUTES } from '../routes';
import { BOOTSTRAP, inMemoryAdmin } from '../test-support/in-memory-admin';
import { AdminApi } from './admin-api';

type Body = Record<string, unknown> & { error?: { code: string; param: string | null; message: string } };

async function tenantWithMember(role: string) {
  const admin = inMemoryAdmin();
  await admin.call('POST', '/tenants', BOOTSTRAP, { id: 'ten_a', name: 'A', allowed_regions: ['eu-west'] });
  await admin.call('POST', '/tenants', BOOTSTRAP, { id: 'ten_b', name: 'B' });
  await admin.call('POST', '/tenants/ten_a/users', BOOTSTRAP, { id: 'usr_a', email: 'a@example.com', name: 'A' });
  await admin.call('PUT', '/tenants/ten_a/role-bindings/usr_a', BOOTSTRAP, { role });
  const issued = await admin.call('POST', '/tenants/ten_a/users/usr_a/tokens', BOOTSTRAP, { name: 'cli' });
  return { ...admin, token: (issued.body as { token: string }).token };
}

describe('AdminApi', () => {
  it('lets the bootstrap operator set up a tenant admin whose token then works', async () => {
    const { call, token, log } = await tenantWithMember('admin');
    expect(token).toMatch(/^sya_[0-9a-f]{16}_/);
    const me = await call('GET', '/me', token);
    expect(me.body).toEqual({
      kind: 'user',
      id: 'usr_a',
      tenant_id: 'ten_a',
      platform_operator: false,
      roles: [{ tenant_id: 'ten_a', role: 'admin' }],
    });
    expect(log[0]?.actor).toMatchObject({
      kind: 'operator',
      id: 'bootstrap',
      sourceIp: '10.9.8.7',
      requestId: 'req_test',
      operation: 'POST /admin/v1/tenants',
    });
  });

  it('shows an API key secret once, stores only its hash, and rotates it', async () => {
    const { call, token, state } = await tenantWithMember('developer');
    const created = await call('POST', '/tenants/ten_a/api-keys', token, { name: 'prod', allowed_regions: ['eu-west'] });
    const key = created.body as Body & { id: string; key: string };
    expect(created.status).toBe(201);
    expect(key.key).toMatch(/^sy_live_/);
    expect(JSON.stringify([...state.apiKeys.values()])).not.toContain(key.key);
    const listed = await call('GET', '/tenants/ten_a/api-keys', token);
    expect(JSON.stringify(listed.body)).not.toContain(key.key);

    const rotated = await call('POST', `/tenants/ten_a/api-keys/${key.id}/rotate`, token, { overlap_seconds: 60 });
    const next = rotated.body as { id: string; rotated_from_key_id: string; previous: { status: string; replaced_by_key_id: string } };
    expect(next.rotated_from_key_id).toBe(key.id);
    expect(next.previous).toMatchObject({ status: 'rotating', replaced_by_key_id: next.id });
    const revoked = await call('POST', `/tenants/ten_a/api-keys/${key.id}/revoke`, token);
    expect(revoked).toMatchObject({ status: 200, body: { status: 'revoked' } });
    expect((await call('POST', `/tenants/ten_a/api-keys/${key.id}/rotate`, token, {})).status).toBe(409);
  });

  it('refuses key regions outside the tenant, unknown fields and missing ones', async () => {
    const { call, token } = await tenantWithMember('owner');
    const outside = await call('POST', '/tenants/ten_a/api-keys', token, { name: 'x', allowed_regions: ['us-east'] });
    expect(outside).toMatchObject({ status: 400, body: { error: { param: 'allowed_regions' } } });
    expect(await call('POST', '/tenants/ten_a/api-keys', token, { name: 'x', scopes: [] })).toMatchObject({
      status: 400,
      body: { error: { code: 'unknown_parameter' } },
    });
    expect(await call('POST', '/tenants/ten_a/api-keys', token, {})).toMatchObject({
      status: 400,
      body: { error: { code: 'missing_required_parameter', param: 'name' } },
    });
    expect(await call('PATCH', '/tenants/ten_a/settings', token, { pii_policy: { mode: 'everything' } })).toMatchObject({
      status: 400,
      body: { error: { param: 'pii_policy.mode' } },
    });
  });

  it('needs a reason to suspend a tenant, keeps it while suspended and clears it on reactivation', async () => {
    const { call } = inMemoryAdmin();
    const op = (method: string, path: string, body?: unknown) => call(method, path, BOOTSTRAP, body);
    expect(await op('POST', '/tenants', { id: 'ten_s', name: 'S', status: 'suspended' })).toMatchObject({
      status: 400,
      body: { error: { code: 'missing_required_parameter', param: 'suspension_reason' } },
    });
    await op('POST', '/tenants', { id: 'ten_s', name: 'S' });
    expect(await op('PATCH', '/tenants/ten_s', { status: 'suspended' })).toMatchObject({ status: 400 });
    expect((await op('GET', '/tenants/ten_s')).body).toMatchObject({ status: 'active', suspension_reason: null });
    expect((await op('PATCH', '/tenants/ten_s', { status: 'suspended', suspension_reason: 'Fraud review' })).body).toMatchObject({
      status: 'suspended',
      suspension_reason: 'Fraud review',
    });
    expect((await op('PATCH', '/tenants/ten_s', { name: 'S2' })).body).toMatchObject({ suspension_reason: 'Fraud review' });
    expect(await op('PATCH', '/tenants/ten_s', { suspension_reason: '' })).toMatchObject({ status: 400 });
    expect((await op('PATCH', '/tenants/ten_s', { status: 'active' })).body).toMatchObject({ status: 'active', suspension_reason: null });
    expect(await op('PATCH', '/tenants/ten_s', { suspension_reason: 'Late' })).toMatchObject({ status: 400 });
  });

  it('checks references on write: a tenant plan, a plan in use, a budget key or feature of the same tenant', async () => {
    const { call } = inMemoryAdmin();
    const op = (method: string, path: string, body?: unknown) => call(method, path, BOOTSTRAP, body);
    const typo = await op('POST', '/tenants', { id: 'ten_t', name: 'T', plan_id: 'no-such-plan' });
    expect(typo.status).toBe(422);
    expect((typo.body as Body).error).toMatchObject({ code: 'unknown_reference', param: 'plan_id' });
    expect((await op('GET', '/tenants/ten_t')).status).toBe(404);
    await op('PUT', '/plans/pro', { name: 'Pro' });
    expect((await op('POST', '/tenants', { id: 'ten_p', name: 'P', plan_id: 'pro' })).status).toBe(201);
    expect((await op('PATCH', '/tenants/ten_p', { plan_id: 'nope' })).status).toBe(422);
    const inUse = await op('DELETE', '/plans/pro');
    expect(inUse.status).toBe(409);
    expect((inUse.body as Body).error?.message).toContain("tenant 'ten_p'");
    await op('POST', '/tenants', { id: 'ten_q', name: 'Q' });
    const theirs = (await op('POST', '/tenants/ten_q/api-keys', { name: 'q' })).body as { id: string };
    const mine = (await op('POST', '/tenants/ten_p/api-keys', { name: 'p' })).body as { id: string };
    const budget = (fields: Record<string, unknown>) =>
      op('PUT', '/tenants/ten_p/budgets/b1', { metric: 'requests', window: 'minute', limit: 10, action: 'block', ...fields });
    expect((await budget({ scope: 'api_key', api_key_id: theirs.id })).body).toMatchObject({ error: { param: 'api_key_id' } });
    expect((await budget({ scope: 'api_key', api_key_id: mine.id })).status).toBe(200);
    expect((await budget({ scope: 'feature', feature: 'search' })).status).toBe(422);
    await op('PUT', '/tenants/ten_p/features/search', {});
    expect((await budget({ scope: 'feature', feature: 'search' })).status).toBe(200);
  });

  it('denies other tenants before looking anything up, and platform routes to tenant roles', async () => {
    const { call, token } = await tenantWithMember('owner');
    expect(await call('GET', '/tenants/ten_b/api-keys', token)).toMatchObject({
      status: 403,
      body: { error: { code: 'insufficient_permissions' } },
    });
    expect((await call('GET', '/tenants/ten_nope/api-keys', token)).status).toBe(403);
    expect((await call('GET', '/tenants/ten_nope/api-keys', BOOTSTRAP)).status).toBe(404);
    expect((await call('GET', '/tenants', token)).status).toBe(403);
    expect((await call('GET', '/plans', token)).status).toBe(200);
  });

  it('lets only owners hand out the owner role', async () => {
    const { call, token } = await tenantWithMember('admin');
    await call('POST', '/tenants/ten_a/users', token, { id: 'usr_b', email: 'b@example.com', name: 'B' });
    expect((await call('PUT', '/tenants/ten_a/role-bindings/usr_b', token, { role: 'owner' })).status).toBe(403);
    expect((await call('PUT', '/tenants/ten_a/role-bindings/usr_b', token, { role: 'developer' })).status).toBe(200);
  });

  it('never returns a provider secret and needs a KEK to store one', async () => {
    const { call, token, log } = await tenantWithMember('admin');
    const stored = await call('POST', '/tenants/ten_a/provider-credentials', token, {
      id: 'byo',
      provider: 'openai',
      secret: 'sk-very-secret',
    });
    expect(stored.status).toBe(201);
    expect(JSON.stringify(stored.body)).not.toContain('sk-very-secret');
    expect(JSON.stringify(await call('GET', '/tenants/ten_a/provider-credentials', token))).not.toContain('sk-very-secret');
    expect(JSON.stringify(log.map((e) => e.entity))).not.toContain('sk-very-secret');
  });

  it('re-seals every stored secret under a new KEK, and writes nothing when one cannot be opened', async () => {
    const k1 = randomBytes(32);
    const k2 = randomBytes(32);
    const { call, withCipher, state } = inMemoryAdmin();
    const before = withCipher(new CredentialCipher(new Map([['k1', k1]]), 'k1'));
    await call('POST', '/tenants', BOOTSTRAP, { id: 'ten_a', name: 'A' });
    await before('POST', '/provider-credentials', BOOTSTRAP, { id: 'platform-key', provider: 'openai', secret: 'sk-platform' });
    await before('POST', '/tenants/ten_a/provider-credentials', BOOTSTRAP, { id: 'byo-key', provider: 'anthropic', secret: 'sk-byo' });
    await before('PUT', '/tenants/ten_a/alert-webhooks/wh', BOOTSTRAP, {
      url: 'https://alerts.example.com/x',
      secret: 'whsec_0123456789abcdef',
    });
    const kekIds = () => [...[...state.credentials.values()], ...[...state.alertWebhooks.values()]].map((s) => s.kekId);
    expect(kekIds()).toEqual(['k1', 'k1', 'k1']);

    // A KEK list that lost k1 too early: refused, nothing changes.
    const early = await withCipher(new CredentialCipher(new Map([['k2', k2]]), 'k2'))('POST', '/secrets/reseal', BOOTSTRAP);
    expect(early).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
    expect((early.body as Body).error?.message).toContain("provider_credential//platform-key (KEK 'k1')");
    expect(kekIds()).toEqual(['k1', 'k1', 'k1']);

    // k2 first, k1 still listed: all move to k2; a second run finds nothing to do.
    const rotated = withCipher(
      new CredentialCipher(
        new Map([
          ['k2', k2],
          ['k1', k1],
        ]),
        'k2',
      ),
    );
    expect(await rotated('POST', '/secrets/reseal', BOOTSTRAP)).toEqual({
      status: 200,
      body: {
        current_kek_id: 'k2',
        resealed: ['provider_credential//platform-key', 'provider_credential/ten_a/byo-key', 'alert_webhook/ten_a/wh'],
        already_current: 0,
      },
    });
    expect(await rotated('POST', '/secrets/reseal', BOOTSTRAP)).toEqual({
      status: 200,
      body: { current_kek_id: 'k2', resealed: [], already_current: 3 },
    });

    // k1 can now be dropped: k2 alone opens every secret, still bound to its record.
    const k2Only = new CredentialCipher(new Map([['k2', k2]]), 'k2');
    expect([...state.credentials.values()].map((c) => k2Only.open(c, c.id))).toEqual(['sk-platform', 'sk-byo']);
    expect(k2Only.open(state.alertWebhook('ten_a', 'wh')!, 'alert_webhook/wh')).toBe('whsec_0123456789abcdef');
    expect(state.credential('ten_a', 'byo-key')).toMatchObject({ tenantId: 'ten_a', provider: 'anthropic' });
    expect(state.alertWebhook('ten_a', 'wh')).toMatchObject({ tenantId: 'ten_a', url: 'https://alerts.example.com/x', enabled: true });
    // Tenant roles cannot run it.
    const owner = await tenantWithMember('owner');
    expect((await owner.call('POST', '/secrets/reseal', owner.token)).status).toBe(403);
  });

  it('scopes budget, webhook and credential ids per tenant: no conflict, no existence leak, no cross-tenant effect', async () => {
    const { call, state } = inMemoryAdmin();
    await call('POST', '/tenants', BOOTSTRAP, { id: 'ten_a', name: 'A' });
    await call('POST', '/tenants', BOOTSTRAP, { id: 'ten_b', name: 'B' });
    const webhook = { url: 'https://alerts.example.com/x', secret: 'whsec_0123456789abcdef' };
    const budget = {
      scope: 'tenant',
      metric: 'cost_micro_usd',
      window: 'month',
      limit: 1_000,
      action: 'block',
      alert_webhook_id: 'alerts',
    };
    for (const tenant of ['ten_a', 'ten_b']) {
      expect((await call('PUT', `/tenants/${tenant}/alert-webhooks/alerts`, BOOTSTRAP, webhook)).status).toBe(200);
      expect(
        (await call('PUT', `/tenants/${tenant}/budgets/monthly`, BOOTSTRAP, { ...budget, limit: tenant === 'ten_a' ? 1_000 : 2_000 }))
          .status,
      ).toBe(200);
      const stored = await call('POST', `/tenants/${tenant}/provider-credentials`, BOOTSTRAP, {
        id: 'own-key',
        provider: 'openai',
        secret: 'sk',
      });
      expect(stored.status).toBe(201);
    }
    expect(state.budget('ten_a', 'monthly')?.limit).toBe(1_000);
    expect(state.budget('ten_b', 'monthly')?.limit).toBe(2_000);
    // A plan budget and the platform's credentials have their own namespace too.
    expect((await call('PUT', '/plans/pro', BOOTSTRAP, { name: 'Pro' })).status).toBeLessThan(300);
    const { scope: _tenantScope, ...planBudget } = budget;
    expect((await call('PUT', '/budgets/monthly', BOOTSTRAP, { ...planBudget, plan_id: 'pro' })).status).toBe(200);
    expect((await call('POST', '/provider-credentials', BOOTSTRAP, { id: 'own-key', provider: 'openai', secret: 'sk' })).status).toBe(201);
    expect([...state.budgets.keys()].sort()).toEqual(['/monthly', 'ten_a/monthly', 'ten_b/monthly']);
    expect([...state.credentials.keys()].sort()).toEqual(['/own-key', 'ten_a/own-key', 'ten_b/own-key']);

    // Deleting A's leaves B's; A's deleted id is then simply unknown to A, and B still sees only its own.
    expect((await call('DELETE', '/tenants/ten_a/budgets/monthly', BOOTSTRAP)).status).toBe(200);
    expect((await call('DELETE', '/tenants/ten_a/alert-webhooks/alerts', BOOTSTRAP)).status).toBe(200);
    expect((await call('DELETE', '/tenants/ten_a/provider-credentials/own-key', BOOTSTRAP)).status).toBe(200);
    expect((await call('DELETE', '/tenants/ten_a/budgets/monthly', BOOTSTRAP)).status).toBe(404);
    const listed = (await call('GET', '/tenants/ten_b/budgets', BOOTSTRAP)).body as { data: { id: string; limit: number }[] };
    expect(listed.data.map((b) => [b.id, b.limit])).toEqual([['monthly', 2_000]]);
    expect(state.alertWebhook('ten_b', 'alerts')).toBeDefined();
    expect(state.credential('ten_b', 'own-key')).toBeDefined();

    // A deployment names whose credential it uses.
    const deployment = { model: 'm', provider: 'openai', base_url: 'https://api.example.com/v1', region: 'us-east' };
    const byo = await call('PUT', '/deployments/d-byo', BOOTSTRAP, {
      ...deployment,
      credential_id: 'own-key',
      credential_tenant_id: 'ten_b',
    });
    expect(byo.body).toMatchObject({ credential_id: 'own-key', credential_tenant_id: 'ten_b' });
    expect(state.deployments.get('d-byo')?.credentialRef).toBe('cred:ten_b/own-key');
    const gone = await call('PUT', '/deployments/d-gone', BOOTSTRAP, {
      ...deployment,
      credential_id: 'own-key',
      credential_tenant_id: 'ten_a',
    });
    expect(gone.status).toBe(404);
    expect(state.deployments.get('d-platform')).toBeUndefined();
    expect((await call('PUT', '/deployments/d-platform', BOOTSTRAP, { ...deployment, credential_id: 'own-key' })).body).toMatchObject({
      credential_tenant_id: '',
    });
    expect(state.deployments.get('d-platform')?.credentialRef).toBe('cred:own-key');
  });

  it('answers unknown URLs, wrong methods and bad credentials in OpenAI style', async () => {
    const { call } = inMemoryAdmin();
    expect(await call('GET', '/nothing', BOOTSTRAP)).toMatchObject({ status: 404, body: { error: { code: 'unknown_url' } } });
    expect(await call('DELETE', '/tenants', BOOTSTRAP)).toMatchObject({ status: 405 });
    expect(await call('GET', '/me', undefined)).toMatchObject({ status: 401, body: { error: { code: 'missing_admin_token' } } });
    expect(await call('GET', '/me', 'sy_live_0123456789abcdef_' + 'a'.repeat(43))).toMatchObject({
      status: 401,
      body: { error: { code: 'data_plane_key' } },
    });
    expect((await call('GET', '/openapi.json', undefined)).status).toBe(200);
  });

  it('refuses a route table with a duplicate route', () => {
    const first = ADMIN_ROUTES[1]!;
    expect(() => new AdminApi([first, first], inMemoryAdmin().api['deps' as never])).toThrow('duplicate admin route');
  });
});
