import { ADMIN_ROUTES, routeId } from '@switchyard/admin';
import { ADMIN_ENV, AdminClient } from './admin-client';
import { TestStack } from './test-stack';

/**
 * The RBAC matrix: every admin route (from the admin module's own route
 * table) x every tenant role x own/other tenant, plus the platform operator
 * and an anonymous caller, against the real ingress. Allowed calls must
 * succeed (2xx), denied ones get 403; another tenant is always denied.
 */

type Letter = 'O' | 'A' | 'D' | 'N' | 'V';
const ROLES: Record<Letter, string> = { O: 'owner', A: 'admin', D: 'developer', N: 'analyst', V: 'viewer' };

// Who may call each route in their own tenant: role letters, "any" (every
// admin caller), "operator" (platform operator only) or "public".
const EXPECTED: Record<string, string> = {
  'GET /openapi.json': 'public',
  'GET /me': 'any',
  'GET /config/digest': 'operator',
  'POST /secrets/reseal': 'operator',
  'GET /tenants': 'operator',
  'POST /tenants': 'operator',
  'GET /tenants/{tenantId}': 'OADNV',
  'PATCH /tenants/{tenantId}': 'operator',
  'DELETE /tenants/{tenantId}': 'operator',
  'GET /tenants/{tenantId}/settings': 'OADNV',
  'PATCH /tenants/{tenantId}/settings': 'OA',
  'GET /plans': 'any',
  'PUT /plans/{planId}': 'operator',
  'DELETE /plans/{planId}': 'operator',
  'GET /deployments': 'operator',
  'PUT /deployments/{deploymentId}': 'operator',
  'DELETE /deployments/{deploymentId}': 'operator',
  'GET /provider-credentials': 'operator',
  'POST /provider-credentials': 'operator',
  'DELETE /provider-credentials/{credentialId}': 'operator',
  'GET /tenants/{tenantId}/provider-credentials': 'OAD',
  'POST /tenants/{tenantId}/provider-credentials': 'OA',
  'DELETE /tenants/{tenantId}/provider-credentials/{credentialId}': 'OA',
  'GET /users': 'operator',
  'POST /users': 'operator',
  'PATCH /users/{userId}': 'operator',
  'GET /tenants/{tenantId}/users': 'OA',
  'POST /tenants/{tenantId}/users': 'OA',
  'PATCH /tenants/{tenantId}/users/{userId}': 'OA',
  'GET /tenants/{tenantId}/role-bindings': 'OA',
  'PUT /tenants/{tenantId}/role-bindings/{userId}': 'OA',
  'DELETE /tenants/{tenantId}/role-bindings/{userId}': 'OA',
  'PUT /users/{userId}/platform-role': 'operator',
  'DELETE /users/{userId}/platform-role': 'operator',
  'GET /users/{userId}/tokens': 'operator',
  'POST /users/{userId}/tokens': 'operator',
  'POST /users/{userId}/tokens/{tokenId}/revoke': 'operator',
  'GET /tenants/{tenantId}/users/{userId}/tokens': 'OA',
  'POST /tenants/{tenantId}/users/{userId}/tokens': 'OA',
  'POST /tenants/{tenantId}/users/{userId}/tokens/{tokenId}/revoke': 'OA',
  'GET /tenants/{tenantId}/api-keys': 'OADN',
  'POST /tenants/{tenantId}/api-keys': 'OAD',
  'GET /tenants/{tenantId}/api-keys/{keyId}': 'OADN',
  'POST /tenants/{tenantId}/api-keys/{keyId}/rotate': 'OAD',
  'POST /tenants/{tenantId}/api-keys/{keyId}/revoke': 'OAD',
  'GET /tenants/{tenantId}/features': 'OADNV',
  'PUT /tenants/{tenantId}/features/{featureId}': 'OAD',
  'DELETE /tenants/{tenantId}/features/{featureId}': 'OAD',
  'GET /aliases': 'operator',
  'PUT /aliases/{aliasId}': 'operator',
  'DELETE /aliases/{aliasId}': 'operator',
  'PUT /tenants/{tenantId}/aliases/{aliasId}': 'operator',
  'DELETE /tenants/{tenantId}/aliases/{aliasId}': 'operator',
  'GET /routing-policies': 'operator',
  'PUT /routing-policies/{policyId}': 'operator',
  'DELETE /routing-policies/{policyId}': 'operator',
  'GET /experiments': 'operator',
  'PUT /experiments/{experimentId}': 'operator',
  'DELETE /experiments/{experimentId}': 'operator',
  'GET /tenants/{tenantId}/budgets': 'OADNV',
  'PUT /tenants/{tenantId}/budgets/{budgetId}': 'OA',
  'DELETE /tenants/{tenantId}/budgets/{budgetId}': 'OA',
  'GET /budgets': 'operator',
  'PUT /budgets/{budgetId}': 'operator',
  'DELETE /budgets/{budgetId}': 'operator',
  'GET /tenants/{tenantId}/alert-webhooks': 'OADNV',
  'PUT /tenants/{tenantId}/alert-webhooks/{webhookId}': 'OA',
  'DELETE /tenants/{tenantId}/alert-webhooks/{webhookId}': 'OA',
  'GET /tenants/{tenantId}/audit-log': 'OA',
  'GET /tenants/{tenantId}/audit-log/verify': 'OA',
};

interface Prepared {
  path: string;
  body?: unknown;
}

const MONTHLY_BUDGET = { scope: 'tenant', metric: 'cost_micro_usd', window: 'month', limit: 5_000_000, action: 'block' };
const WEBHOOK = { url: 'https://alerts.example.com/switchyard', secret: 'whsec_0123456789abcdef' };

let counter = 0;
const uid = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

/** Fixtures for one call of a route in tenant `t` (made by the bootstrap operator), and the request to send. */
function samples(op: AdminClient): Record<string, (t: string) => Promise<Prepared>> {
  const tenantUser = async (t: string) =>
    (await op.ok<{ id: string }>('POST', `/tenants/${t}/users`, { email: `u${uid()}@example.com`, name: 'U' })).id;
  const platformUser = async () => (await op.ok<{ id: string }>('POST', '/users', { email: `p${uid()}@example.com`, name: 'P' })).id;
  const key = async (t: string) => (await op.ok<{ id: string }>('POST', `/tenants/${t}/api-keys`, { name: 'k' })).id;
  const plain = (path: string, body?: unknown) => async () => ({ path, body });
  return {
    'GET /openapi.json': plain('/openapi.json'),
    'GET /me': plain('/me'),
    'GET /config/digest': plain('/config/digest'),
    'POST /secrets/reseal': plain('/secrets/reseal'),
    'GET /tenants': plain('/tenants'),
    'POST /tenants': plain('/tenants', { name: 'New' }),
    'GET /tenants/{tenantId}': async (t) => ({ path: `/tenants/${t}` }),
    'PATCH /tenants/{tenantId}': async (t) => ({ path: `/tenants/${t}`, body: { name: 'Renamed' } }),
    // Tenant roles are refused on their own tenant; what the operator deletes is a fresh tenant, not the matrix's.
    'DELETE /tenants/{tenantId}': async (t) => {
      if (t === 'ten_own') return { path: `/tenants/${t}` };
      const id = `ten_del_${uid()}`;
      await op.ok('POST', '/tenants', { id, name: id });
      return { path: `/tenants/${id}` };
    },
    'GET /tenants/{tenantId}/settings': async (t) => ({ path: `/tenants/${t}/settings` }),
    'PATCH /tenants/{tenantId}/settings': async (t) => ({ path: `/tenants/${t}/settings`, body: { raw_log_retention_days: 30 } }),
    'GET /plans': plain('/plans'),
    'PUT /plans/{planId}': async () => ({ path: `/plans/p-${uid()}`, body: { name: 'Plan' } }),
    'DELETE /plans/{planId}': async () => {
      const id = `p-${uid()}`;
      await op.ok('PUT', `/plans/${id}`, { name: 'Plan' });
      return { path: `/plans/${id}` };
    },
    'GET /deployments': plain('/deployments'),
    'PUT /deployments/{deploymentId}': async () => ({
      path: `/deployments/d-${uid()}`,
      body: { model: 'm', provider: 'openai', base_url: 'http://127.0.0.1:9/v1', region: 'us-east' },
    }),
    'DELETE /deployments/{deploymentId}': async () => {
      const id = `d-${uid()}`;
      await op.ok('PUT', `/deployments/${id}`, { model: 'm', provider: 'openai', base_url: 'http://127.0.0.1:9/v1', region: 'us-east' });
      return { path: `/deployments/${id}` };
    },
    'GET /tenants/{tenantId}/budgets': async (t) => ({ path: `/tenants/${t}/budgets` }),
    'PUT /tenants/{tenantId}/budgets/{budgetId}': async (t) => ({ path: `/tenants/${t}/budgets/b-${uid()}`, body: MONTHLY_BUDGET }),
    'DELETE /tenants/{tenantId}/budgets/{budgetId}': async (t) => {
      const id = `b-${uid()}`;
      await op.ok('PUT', `/tenants/${t}/budgets/${id}`, MONTHLY_BUDGET);
      return { path: `/tenants/${t}/budgets/${id}` };
    },
    'GET /budgets': plain('/budgets'),
    'PUT /budgets/{budgetId}': async () => {
      const plan = `p-${uid()}`;
      await op.ok('PUT', `/plans/${plan}`, { name: 'Plan' });
      return {
        path: `/budgets/pb-${uid()}`,
        body: { plan_id: plan, metric: 'requests', window: 'minute', limit: 600, action: 'throttle', throttle_rpm: 60 },
      };
    },
    'DELETE /budgets/{budgetId}': async () => {
      const plan = `p-${uid()}`;
      const id = `pb-${uid()}`;
      await op.ok('PUT', `/plans/${plan}`, { name: 'Plan' });
      await op.ok('PUT', `/budgets/${id}`, {
        plan_id: plan,
        metric: 'requests',
        window: 'minute',
        limit: 600,
        action: 'throttle',
        throttle_rpm: 60,
      });
      return { path: `/budgets/${id}` };
    },
    'GET /tenants/{tenantId}/alert-webhooks': async (t) => ({ path: `/tenants/${t}/alert-webhooks` }),
    'PUT /tenants/{tenantId}/alert-webhooks/{webhookId}': async (t) => ({ path: `/tenants/${t}/alert-webhooks/w-${uid()}`, body: WEBHOOK }),
    'DELETE /tenants/{tenantId}/alert-webhooks/{webhookId}': async (t) => {
      const id = `w-${uid()}`;
      await op.ok('PUT', `/tenants/${t}/alert-webhooks/${id}`, WEBHOOK);
      return { path: `/tenants/${t}/alert-webhooks/${id}` };
    },
    'GET /aliases': plain('/aliases'),
    'PUT /aliases/{aliasId}': async () => ({ path: `/aliases/a-${uid()}`, body: { chain: ['policy:cheapest'] } }),
    'DELETE /aliases/{aliasId}': async () => {
      const id = `a-${uid()}`;
      await op.ok('PUT', `/aliases/${id}`, { chain: ['policy:cheapest'] });
      return { path: `/aliases/${id}` };
    },
    'PUT /tenants/{tenantId}/aliases/{aliasId}': async (t) => ({
      path: `/tenants/${t}/aliases/a-${uid()}`,
      body: { chain: ['policy:fastest'] },
    }),
    'DELETE /tenants/{tenantId}/aliases/{aliasId}': async (t) => {
      const id = `a-${uid()}`;
      await op.ok('PUT', `/tenants/${t}/aliases/${id}`, { chain: ['policy:fastest'] });
      return { path: `/tenants/${t}/aliases/${id}` };
    },
    'GET /routing-policies': plain('/routing-policies'),
    'PUT /routing-policies/{policyId}': async () => ({ path: `/routing-policies/rp-${uid()}`, body: { objective: 'cost' } }),
    'DELETE /routing-policies/{policyId}': async () => {
      const id = `rp-${uid()}`;
      await op.ok('PUT', `/routing-policies/${id}`, { objective: 'latency' });
      return { path: `/routing-policies/${id}` };
    },
    'GET /experiments': plain('/experiments'),
    'PUT /experiments/{experimentId}': async () => {
      const alias = `a-${uid()}`;
      await op.ok('PUT', `/aliases/${alias}`, { chain: ['policy:cheapest'] });
      return {
        path: `/experiments/x-${uid()}`,
        body: { alias_id: alias, arms: [{ name: 'control', target: 'policy:cheapest', weight: 1 }] },
      };
    },
    'DELETE /experiments/{experimentId}': async () => {
      const alias = `a-${uid()}`;
      const id = `x-${uid()}`;
      await op.ok('PUT', `/aliases/${alias}`, { chain: ['policy:cheapest'] });
      await op.ok('PUT', `/experiments/${id}`, { alias_id: alias, arms: [{ name: 'control', target: 'policy:cheapest', weight: 1 }] });
      return { path: `/experiments/${id}` };
    },
    'GET /provider-credentials': plain('/provider-credentials'),
    'POST /provider-credentials': async () => ({ path: '/provider-credentials', body: { provider: 'openai', secret: 'sk-x' } }),
    'DELETE /provider-credentials/{credentialId}': async () => {
      const id = `c-${uid()}`;
      await op.ok('POST', '/provider-credentials', { id, provider: 'openai', secret: 'sk-x' });
      return { path: `/provider-credentials/${id}` };
    },
    'GET /tenants/{tenantId}/provider-credentials': async (t) => ({ path: `/tenants/${t}/provider-credentials` }),
    'POST /tenants/{tenantId}/provider-credentials': async (t) => ({
      path: `/tenants/${t}/provider-credentials`,
      body: { provider: 'openai', secret: 'sk-byo' },
    }),
    'DELETE /tenants/{tenantId}/provider-credentials/{credentialId}': async (t) => {
      const id = `c-${uid()}`;
      await op.ok('POST', `/tenants/${t}/provider-credentials`, { id, provider: 'openai', secret: 'sk-byo' });
      return { path: `/tenants/${t}/provider-credentials/${id}` };
    },
    'GET /users': plain('/users'),
    'POST /users': async () => ({ path: '/users', body: { email: `p${uid()}@example.com`, name: 'P' } }),
    'PATCH /users/{userId}': async () => ({ path: `/users/${await platformUser()}`, body: { name: 'Renamed' } }),
    'GET /tenants/{tenantId}/users': async (t) => ({ path: `/tenants/${t}/users` }),
    'POST /tenants/{tenantId}/users': async (t) => ({ path: `/tenants/${t}/users`, body: { email: `u${uid()}@example.com`, name: 'U' } }),
    'PATCH /tenants/{tenantId}/users/{userId}': async (t) => ({
      path: `/tenants/${t}/users/${await tenantUser(t)}`,
      body: { name: 'Renamed' },
    }),
    'GET /tenants/{tenantId}/role-bindings': async (t) => ({ path: `/tenants/${t}/role-bindings` }),
    'PUT /tenants/{tenantId}/role-bindings/{userId}': async (t) => ({
      path: `/tenants/${t}/role-bindings/${await tenantUser(t)}`,
      body: { role: 'viewer' },
    }),
    'DELETE /tenants/{tenantId}/role-bindings/{userId}': async (t) => {
      const user = await tenantUser(t);
      await op.ok('PUT', `/tenants/${t}/role-bindings/${user}`, { role: 'viewer' });
      return { path: `/tenants/${t}/role-bindings/${user}` };
    },
    'PUT /users/{userId}/platform-role': async () => ({ path: `/users/${await platformUser()}/platform-role` }),
    'DELETE /users/{userId}/platform-role': async () => {
      const user = await platformUser();
      await op.ok('PUT', `/users/${user}/platform-role`);
      return { path: `/users/${user}/platform-role` };
    },
    'GET /users/{userId}/tokens': async () => ({ path: `/users/${await platformUser()}/tokens` }),
    'POST /users/{userId}/tokens': async () => ({ path: `/users/${await platformUser()}/tokens`, body: { name: 'cli' } }),
    'POST /users/{userId}/tokens/{tokenId}/revoke': async () => {
      const user = await platformUser();
      const token = await op.ok<{ id: string }>('POST', `/users/${user}/tokens`, { name: 'cli' });
      return { path: `/users/${user}/tokens/${token.id}/revoke` };
    },
    'GET /tenants/{tenantId}/users/{userId}/tokens': async (t) => ({ path: `/tenants/${t}/users/${await tenantUser(t)}/tokens` }),
    'POST /tenants/{tenantId}/users/{userId}/tokens': async (t) => ({
      path: `/tenants/${t}/users/${await tenantUser(t)}/tokens`,
      body: { name: 'cli' },
    }),
    'POST /tenants/{tenantId}/users/{userId}/tokens/{tokenId}/revoke': async (t) => {
      const user = await tenantUser(t);
      const token = await op.ok<{ id: string }>('POST', `/tenants/${t}/users/${user}/tokens`, { name: 'cli' });
      return { path: `/tenants/${t}/users/${user}/tokens/${token.id}/revoke` };
    },
    'GET /tenants/{tenantId}/api-keys': async (t) => ({ path: `/tenants/${t}/api-keys` }),
    'POST /tenants/{tenantId}/api-keys': async (t) => ({ path: `/tenants/${t}/api-keys`, body: { name: 'k' } }),
    'GET /tenants/{tenantId}/api-keys/{keyId}': async (t) => ({ path: `/tenants/${t}/api-keys/${await key(t)}` }),
    'POST /tenants/{tenantId}/api-keys/{keyId}/rotate': async (t) => ({
      path: `/tenants/${t}/api-keys/${await key(t)}/rotate`,
      body: { overlap_seconds: 0 },
    }),
    'POST /tenants/{tenantId}/api-keys/{keyId}/revoke': async (t) => ({ path: `/tenants/${t}/api-keys/${await key(t)}/revoke` }),
    'GET /tenants/{tenantId}/features': async (t) => ({ path: `/tenants/${t}/features` }),
    'GET /tenants/{tenantId}/audit-log': async (t) => ({ path: `/tenants/${t}/audit-log?limit=5` }),
    'GET /tenants/{tenantId}/audit-log/verify': async (t) => ({ path: `/tenants/${t}/audit-log/verify` }),
    'PUT /tenants/{tenantId}/features/{featureId}': async (t) => ({ path: `/tenants/${t}/features/f-${uid()}`, body: { name: 'F' } }),
    'DELETE /tenants/{tenantId}/features/{featureId}': async (t) => {
      const id = `f-${uid()}`;
      await op.ok('PUT', `/tenants/${t}/features/${id}`, { name: 'F' });
      return { path: `/tenants/${t}/features/${id}` };
    },
  };
}

describe('admin API RBAC matrix (every route x role x own/other tenant)', () => {
  let t: TestStack;
  let op: AdminClient;
  let sample: ReturnType<typeof samples>;
  const tokens = new Map<Letter, string>();
  let operatorToken = '';

  beforeAll(async () => {
    t = await TestStack.start({ extraEnv: ADMIN_ENV, services: ['provider-adapters', 'budget-enforcer', 'router', 'audit', 'ingress'] });
    op = new AdminClient(t.stack.service('ingress').url);
    sample = samples(op);
    for (const id of ['ten_own', 'ten_other']) await op.ok('POST', '/tenants', { id, name: id });
    for (const [letter, role] of Object.entries(ROLES) as [Letter, string][]) {
      const user = await op.ok<{ id: string }>('POST', '/tenants/ten_own/users', {
        id: `usr_${role}`,
        email: `${role}@own.example.com`,
        name: role,
      });
      await op.ok('PUT', `/tenants/ten_own/role-bindings/${user.id}`, { role });
      tokens.set(letter, (await op.ok<{ token: string }>('POST', `/tenants/ten_own/users/${user.id}/tokens`, { name: role })).token);
    }
    const staff = await op.ok<{ id: string }>('POST', '/users', { id: 'usr_operator', email: 'ops@platform.example.com', name: 'Ops' });
    await op.ok('PUT', `/users/${staff.id}/platform-role`);
    operatorToken = (await op.ok<{ token: string }>('POST', `/users/${staff.id}/tokens`, { name: 'ops' })).token;
  });

  afterAll(() => t?.stop());

  it('has an expectation and a sample for every route in the route table, and none for routes that are gone', () => {
    const ids = ADMIN_ROUTES.map(routeId).sort();
    expect(Object.keys(EXPECTED).sort()).toEqual(ids);
    expect(Object.keys(sample).sort()).toEqual(ids);
  });

  for (const route of ADMIN_ROUTES) {
    const id = routeId(route);
    it(id, async () => {
      const expected = EXPECTED[id] ?? 'operator';
      const scoped = route.path.includes('{tenantId}');
      const wrong: string[] = [];
      const check = async (who: string, token: string | null, tenant: string, allowed: boolean, deniedStatus = 403) => {
        const { path, body } = await sample[id]!(tenant);
        const res = await op.as(token).call(route.method, path, body);
        const ok = allowed ? res.status >= 200 && res.status < 300 : res.status === deniedStatus;
        if (!ok)
          wrong.push(
            `${who} on ${tenant}: expected ${allowed ? '2xx' : deniedStatus}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`,
          );
      };
      for (const [letter, token] of tokens) {
        const inOwn = expected === 'public' || expected === 'any' || expected.includes(letter);
        await check(ROLES[letter], token, 'ten_own', inOwn);
        // Another tenant: always denied (only routes without a tenant can be allowed, and those have no "other").
        if (scoped) await check(ROLES[letter], token, 'ten_other', false);
      }
      await check('platform operator', operatorToken, 'ten_other', true);
      await check('anonymous', null, 'ten_own', expected === 'public', 401);
      expect(wrong).toEqual([]);
    });
  }
});
