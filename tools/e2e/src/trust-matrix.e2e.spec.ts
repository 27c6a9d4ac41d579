import { ADMIN_ROUTES, adminOpenApi, routeId } from '@switchyard/admin';
import type { ServiceName } from '@switchyard/dev-tools';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN_ENV, AdminClient } from './admin-client';
import { TestStack } from './test-stack';

/**
 * The trust matrix: every internal HTTP route of every service (read from the
 * controllers' own decorators, so a new route without a row fails here) and a
 * representative of every admin route family (every OpenAPI tag) x {no
 * credential, another tenant's API key, another tenant's admin token, the
 * right caller} -> the status each must answer. null: not applicable.
 */

type Caller = 'none' | 'otherKey' | 'otherAdmin' | 'right';
type Expect = Readonly<Record<Caller, number | null>>;

const OPERATOR_ONLY: Expect = { none: 401, otherKey: 401, otherAdmin: 401, right: 200 };
/** Metering: tenant A's rows asked for by B's key or B's admin token; the right caller is A's analyst. */
const TENANT_SPEND: Expect = { none: 401, otherKey: 403, otherAdmin: 403, right: 200 };
/** Data plane: an admin token is no API key; another tenant's key just acts as that tenant (not a trust question). */
const DATA_PLANE: Expect = { none: 401, otherKey: null, otherAdmin: 401, right: 200 };

interface InternalRow {
  readonly service: ServiceName;
  /** Path and query actually sent (the route with sample parameters). */
  readonly request: string;
  readonly body?: unknown;
  readonly right: 'operator' | 'tenantAnalyst' | 'tenantKey' | 'tenantAdmin';
  readonly expect: Expect;
}

const CHAT = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'trust' }] };

// Keyed "METHOD /controller/route" exactly as the decorators spell them.
const INTERNAL: Record<string, InternalRow> = {
  'GET /audit/v1/verify': { service: 'audit', request: '/audit/v1/verify?tenant_id=ten_tm_a', right: 'operator', expect: OPERATOR_ONLY },
  'POST /audit/v1/retention/run': {
    service: 'audit',
    request: '/audit/v1/retention/run',
    right: 'operator',
    expect: { ...OPERATOR_ONLY, right: 201 },
  },
  'GET /v1/budgets/counters': {
    service: 'budget-enforcer',
    request: '/v1/budgets/counters?tenant_id=ten_tm_a',
    right: 'operator',
    expect: OPERATOR_ONLY,
  },
  'GET /v1/budgets/alerts': { service: 'budget-enforcer', request: '/v1/budgets/alerts', right: 'operator', expect: OPERATOR_ONLY },
  'GET /routing/deployments': { service: 'router', request: '/routing/deployments', right: 'operator', expect: OPERATOR_ONLY },
  'GET /v1/usage': { service: 'metering', request: '/v1/usage?tenant_id=ten_tm_a', right: 'tenantAnalyst', expect: TENANT_SPEND },
  'GET /v1/usage/reconciliation': {
    service: 'metering',
    request: '/v1/usage/reconciliation?date=2026-01-01',
    right: 'operator',
    expect: OPERATOR_ONLY,
  },
  'GET /v1/billing': { service: 'metering', request: '/v1/billing?tenant_id=ten_tm_a', right: 'tenantAnalyst', expect: TENANT_SPEND },
  'GET /v1/billing.csv': {
    service: 'metering',
    request: '/v1/billing.csv?tenant_id=ten_tm_a',
    right: 'tenantAnalyst',
    expect: TENANT_SPEND,
  },
  'POST /v1/chat/completions': { service: 'ingress', request: '/v1/chat/completions', body: CHAT, right: 'tenantKey', expect: DATA_PLANE },
  'POST /v1/responses': {
    service: 'ingress',
    request: '/v1/responses',
    body: { model: 'gpt-4o-mini', input: 'trust' },
    right: 'tenantKey',
    expect: DATA_PLANE,
  },
  // Stored responses: an unknown id is a 404 for any tenant (another tenant's id is too, e2e responses-store).
  'GET /v1/responses/:id': {
    service: 'ingress',
    request: '/v1/responses/resp_trust',
    right: 'tenantKey',
    expect: { none: 401, otherKey: 404, otherAdmin: 401, right: 404 },
  },
  'DELETE /v1/responses/:id': {
    service: 'ingress',
    request: '/v1/responses/resp_trust',
    right: 'tenantKey',
    expect: { none: 401, otherKey: 404, otherAdmin: 401, right: 404 },
  },
  'GET /v1/responses/:id/input_items': {
    service: 'ingress',
    request: '/v1/responses/resp_trust/input_items',
    right: 'tenantKey',
    expect: { none: 401, otherKey: 404, otherAdmin: 401, right: 404 },
  },
  'POST /v1/messages': {
    service: 'ingress',
    request: '/v1/messages',
    body: { ...CHAT, max_tokens: 16 },
    right: 'tenantKey',
    expect: DATA_PLANE,
  },
  'POST /v1/messages/count_tokens': {
    service: 'ingress',
    request: '/v1/messages/count_tokens',
    body: CHAT,
    right: 'tenantKey',
    expect: DATA_PLANE,
  },
  'POST /v1/moderations': {
    service: 'ingress',
    request: '/v1/moderations',
    body: { input: 'trust' },
    right: 'tenantKey',
    // No moderation deployment in this stack: only who is let in is checked.
    expect: { ...DATA_PLANE, right: null },
  },
  'POST /v1/audio/transcriptions': {
    service: 'ingress',
    request: '/v1/audio/transcriptions',
    body: { model: 'whisper-1' },
    right: 'tenantKey',
    // A JSON body is no upload, and there is no audio deployment here: only who is let in is checked.
    expect: { ...DATA_PLANE, right: null },
  },
  'POST /v1/audio/translations': {
    service: 'ingress',
    request: '/v1/audio/translations',
    body: { model: 'whisper-1' },
    right: 'tenantKey',
    expect: { ...DATA_PLANE, right: null },
  },
  'POST /v1/audio/speech': {
    service: 'ingress',
    request: '/v1/audio/speech',
    body: { model: 'tts-1', input: 'trust', voice: 'alloy' },
    right: 'tenantKey',
    // No speech deployment in this stack: only who is let in is checked.
    expect: { ...DATA_PLANE, right: null },
  },
  'POST /v1/images/generations': {
    service: 'ingress',
    request: '/v1/images/generations',
    body: { prompt: 'trust' },
    right: 'tenantKey',
    // No image deployment in this stack: only who is let in is checked.
    expect: { ...DATA_PLANE, right: null },
  },
  'POST /v1/embeddings': {
    service: 'ingress',
    request: '/v1/embeddings',
    body: { model: 'gpt-4o-mini', input: 'trust' },
    right: 'tenantKey',
    // No embeddings deployment in this stack: only who is let in is checked.
    expect: { ...DATA_PLANE, right: null },
  },
  'GET /v1/models': { service: 'ingress', request: '/v1/models', right: 'tenantKey', expect: DATA_PLANE },
  'GET /v1/models/:id': { service: 'ingress', request: '/v1/models/gpt-4o-mini', right: 'tenantKey', expect: DATA_PLANE },
  // The admin API's own family rows are below; its one catch-all controller route needs no row of its own.
  'ALL /admin/v1/*': {
    service: 'ingress',
    request: '/admin/v1/tenants/ten_tm_a',
    // The services' operator token is no admin credential: the admin API takes admin tokens only.
    right: 'tenantAdmin',
    expect: { none: 401, otherKey: 401, otherAdmin: 403, right: 200 },
  },
};

/** Every "METHOD /prefix/route" the apps' Nest controllers declare. */
function controllerRoutes(): string[] {
  const apps = join(__dirname, '../../../apps');
  const routes: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.controller.ts')) {
        const source = readFileSync(path, 'utf8');
        const prefix = /@Controller\('([^']*)'\)/.exec(source)?.[1] ?? '';
        for (const m of source.matchAll(/@(Get|Post|Put|Patch|Delete|All)\('([^']*)'\)/g))
          routes.push(`${m[1]!.toUpperCase()} /${prefix}/${m[2]}`.replace(/\/+$/, ''));
      }
    }
  };
  for (const app of readdirSync(apps)) walk(join(apps, app, 'src'));
  return routes.sort();
}

interface AdminRow {
  /** The admin route (routeId) this row stands for. */
  readonly route: string;
  readonly path: string;
  /** Who the right caller is: tenant A's admin, or the platform operator. */
  readonly right: 'tenantAdmin' | 'operator';
  readonly expect: Expect;
}

const TENANT_ROUTE: Expect = { none: 401, otherKey: 401, otherAdmin: 403, right: 200 };
const OPERATOR_ROUTE: Expect = { none: 401, otherKey: 401, otherAdmin: 403, right: 200 };

// One representative per admin route family (OpenAPI tag); admin-rbac.e2e.spec.ts walks every route x role.
const ADMIN_FAMILIES: Record<string, AdminRow> = {
  meta: { route: 'GET /config/digest', path: '/config/digest', right: 'operator', expect: OPERATOR_ROUTE },
  tenants: { route: 'GET /tenants/{tenantId}', path: '/tenants/ten_tm_a', right: 'tenantAdmin', expect: TENANT_ROUTE },
  plans: { route: 'GET /plans', path: '/plans', right: 'tenantAdmin', expect: { ...TENANT_ROUTE, otherAdmin: 200 } },
  deployments: { route: 'GET /deployments', path: '/deployments', right: 'operator', expect: OPERATOR_ROUTE },
  'provider-credentials': {
    route: 'GET /tenants/{tenantId}/provider-credentials',
    path: '/tenants/ten_tm_a/provider-credentials',
    right: 'tenantAdmin',
    expect: TENANT_ROUTE,
  },
  users: { route: 'GET /tenants/{tenantId}/users', path: '/tenants/ten_tm_a/users', right: 'tenantAdmin', expect: TENANT_ROUTE },
  'role-bindings': {
    route: 'GET /tenants/{tenantId}/role-bindings',
    path: '/tenants/ten_tm_a/role-bindings',
    right: 'tenantAdmin',
    expect: TENANT_ROUTE,
  },
  'admin-tokens': {
    route: 'GET /tenants/{tenantId}/users/{userId}/tokens',
    path: '/tenants/ten_tm_a/users/usr_tm_a_admin/tokens',
    right: 'tenantAdmin',
    expect: TENANT_ROUTE,
  },
  'api-keys': { route: 'GET /tenants/{tenantId}/api-keys', path: '/tenants/ten_tm_a/api-keys', right: 'tenantAdmin', expect: TENANT_ROUTE },
  features: { route: 'GET /tenants/{tenantId}/features', path: '/tenants/ten_tm_a/features', right: 'tenantAdmin', expect: TENANT_ROUTE },
  routing: { route: 'GET /aliases', path: '/aliases', right: 'operator', expect: OPERATOR_ROUTE },
  budgets: { route: 'GET /tenants/{tenantId}/budgets', path: '/tenants/ten_tm_a/budgets', right: 'tenantAdmin', expect: TENANT_ROUTE },
  'audit-log': {
    route: 'GET /tenants/{tenantId}/audit-log',
    path: '/tenants/ten_tm_a/audit-log',
    right: 'tenantAdmin',
    expect: TENANT_ROUTE,
  },
};

const OPS = ['/healthz', '/readyz', '/metrics'];
const SERVICES: ServiceName[] = ['ingress', 'router', 'provider-adapters', 'metering', 'budget-enforcer', 'audit'];

describe('trust matrix: every internal route and every admin route family x caller', () => {
  let t: TestStack;
  let op: AdminClient;
  const cred: Record<string, string> = {};

  beforeAll(async () => {
    t = await TestStack.start({ extraEnv: ADMIN_ENV });
    op = new AdminClient(t.stack.service('ingress').url);
    cred['tenantKey'] = (await t.tenantWithModel('ten_tm_a')).plaintext;
    cred['otherKey'] = (await t.tenantWithModel('ten_tm_b')).plaintext;
    for (const [tenant, role] of [
      ['ten_tm_a', 'admin'],
      ['ten_tm_a', 'analyst'],
      ['ten_tm_b', 'admin'],
    ] as const) {
      const id = `usr_${tenant.slice(4)}_${role}`;
      await op.ok('POST', `/tenants/${tenant}/users`, { id, email: `${id}@example.com`, name: id });
      await op.ok('PUT', `/tenants/${tenant}/role-bindings/${id}`, { role });
      cred[`${tenant}_${role}`] = (await op.ok<{ token: string }>('POST', `/tenants/${tenant}/users/${id}/tokens`, { name: id })).token;
    }
    const staff = await op.ok<{ id: string }>('POST', '/users', { id: 'usr_tm_ops', email: 'ops@tm.example.com', name: 'Ops' });
    await op.ok('PUT', `/users/${staff.id}/platform-role`);
    cred['platformAdmin'] = (await op.ok<{ token: string }>('POST', `/users/${staff.id}/tokens`, { name: 'ops' })).token;
    cred['operator'] = t.stack.operatorToken;
    cred['otherAdmin'] = cred['ten_tm_b_admin']!;
    cred['tenantAnalyst'] = cred['ten_tm_a_analyst']!;
    cred['tenantAdmin'] = cred['ten_tm_a_admin']!;
    await t.waitForConfig();
  });

  afterAll(() => t?.stop());

  it('has a row for every route the controllers declare, and none for routes that are gone', () => {
    expect(Object.keys(INTERNAL).sort()).toEqual(controllerRoutes());
  });

  it('has a representative for every admin route family of the OpenAPI document, each a real route', () => {
    const doc = adminOpenApi() as { paths: Record<string, Record<string, { tags: string[] }>> };
    const tags = new Set(Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((o) => o.tags[0]!)));
    expect(Object.keys(ADMIN_FAMILIES).sort()).toEqual([...tags].sort());
    const ids = new Set(ADMIN_ROUTES.map(routeId));
    for (const row of Object.values(ADMIN_FAMILIES)) expect([row.route, ids.has(row.route)]).toEqual([row.route, true]);
  });

  const send = async (url: string, method: string, token: string | undefined, body?: unknown): Promise<number> => {
    const headers: Record<string, string> = {};
    if (token) headers['authorization'] = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    await res.arrayBuffer();
    return res.status;
  };

  it('internal routes answer each caller as the table says', async () => {
    const wrong: string[] = [];
    for (const [id, row] of Object.entries(INTERNAL)) {
      const method = id.split(' ')[0] === 'ALL' ? 'GET' : id.split(' ')[0]!;
      const url = `${t.stack.service(row.service).url}${row.request}`;
      for (const [caller, expected] of Object.entries(row.expect) as [Caller, number | null][]) {
        if (expected === null) continue;
        const token = caller === 'none' ? undefined : caller === 'right' ? cred[row.right] : cred[caller];
        const status = await send(url, method, token, row.body);
        if (status !== expected) wrong.push(`${id} as ${caller}: expected ${expected}, got ${status}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("metering also takes the operator token and a platform operator's admin token for any tenant", async () => {
    for (const token of [cred['operator'], cred['platformAdmin']])
      expect(await send(`${t.stack.service('metering').url}/v1/usage?tenant_id=ten_tm_b`, 'GET', token)).toBe(200);
  });

  it('admin route families answer each caller as the table says', async () => {
    const wrong: string[] = [];
    for (const [family, row] of Object.entries(ADMIN_FAMILIES)) {
      const method = row.route.split(' ')[0]!;
      for (const [caller, expected] of Object.entries(row.expect) as [Caller, number | null][]) {
        if (expected === null) continue;
        const token =
          caller === 'none' ? null : caller === 'right' ? cred[row.right === 'operator' ? 'platformAdmin' : row.right]! : cred[caller]!;
        const res = await op.as(token).call(method, row.path);
        if (res.status !== expected) wrong.push(`${family} (${row.route}) as ${caller}: expected ${expected}, got ${res.status}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('ops routes are open on every service, without credentials', async () => {
    const wrong: string[] = [];
    for (const service of SERVICES)
      for (const path of OPS) {
        const status = await send(`${t.stack.service(service).url}${path}`, 'GET', undefined);
        if (status !== 200) wrong.push(`${service} ${path}: ${status}`);
      }
    expect(wrong).toEqual([]);
  });
});
