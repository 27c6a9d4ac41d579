import { ADMIN_ENV, AdminClient, chat } from './admin-client';
import { TestStack } from './test-stack';

interface AuditEntryView {
  seq: number;
  actor: { kind: string; id: string; tenant_id: string };
  request_id: string;
  operation: string;
  action: string;
  resource: { kind: string; key: string };
  after: Record<string, unknown> | null;
}
interface AuditPage {
  object: string;
  data: AuditEntryView[];
  has_more: boolean;
  next_after: number | null;
}

/**
 * Tenants' people read their own usage, billing and audit log with their own
 * admin tokens (issue 18): metering accepts admin tokens under usage.read /
 * billing.read, ingress serves the tenant's audit log under audit.read.
 */
describe('tenant self-service: usage, billing and audit log with a tenant login', () => {
  let t: TestStack;
  let op: AdminClient;
  const tokens: Record<string, string> = {};
  const users: Record<string, string> = {};
  let meteringUrl = '';

  beforeAll(async () => {
    t = await TestStack.start({ extraEnv: ADMIN_ENV });
    op = new AdminClient(t.stack.service('ingress').url);
    meteringUrl = t.stack.service('metering').url;
    const keyA = await t.tenantWithModel('ten_ss_a');
    await t.tenantWithModel('ten_ss_b');
    for (const [tenant, role] of [
      ['ten_ss_a', 'analyst'],
      ['ten_ss_a', 'admin'],
      ['ten_ss_a', 'developer'],
      ['ten_ss_b', 'admin'],
    ] as const) {
      const name = `${tenant}_${role}`;
      const user = await op.ok<{ id: string }>('POST', `/tenants/${tenant}/users`, { email: `${role}@${tenant}.example.com`, name });
      await op.ok('PUT', `/tenants/${tenant}/role-bindings/${user.id}`, { role });
      users[name] = user.id;
      tokens[name] = (await op.ok<{ token: string }>('POST', `/tenants/${tenant}/users/${user.id}/tokens`, { name })).token;
    }
    await t.waitForConfig();
    expect((await chat(t.stack.service('ingress').url, keyA.plaintext, 'self-service')).status).toBe(200);
    await t.eventually(
      `SELECT sum(requests) AS n FROM ${t.id}.usage_by_minute WHERE tenant_id = 'ten_ss_a'`,
      (r: { n: number }[]) => (r[0]?.n ?? 0) >= 1,
    );
  });

  afterAll(() => t?.stop());

  const metering = async (path: string, token?: string) => {
    const res = await fetch(`${meteringUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: { code: string } } };
  };
  const month = new Date().toISOString().slice(0, 7);

  it("an analyst's admin token reads its tenant's usage and billing, with real rows", async () => {
    const usage = await metering(`/v1/usage?from=${Date.now() - 3_600_000}&group_by=model`, tokens['ten_ss_a_analyst']);
    expect(usage.status).toBe(200);
    expect(usage.body['rows']).toEqual([expect.objectContaining({ dimensions: { model: 'gpt-4o-mini' }, requests: 1 })]);
    const named = await metering(`/v1/usage?tenant_id=ten_ss_a&from=${Date.now() - 3_600_000}`, tokens['ten_ss_a_analyst']);
    expect(named.status).toBe(200);
    const billing = await metering(`/v1/billing?month=${month}`, tokens['ten_ss_a_analyst']);
    expect(billing.status).toBe(200);
    expect(billing.body).toMatchObject({ object: 'billing_report', tenantId: 'ten_ss_a', month });
    expect((billing.body['lines'] as unknown[]).length).toBeGreaterThan(0);
  });

  it("refuses another tenant's usage, a role without the permission, and no credential", async () => {
    for (const path of [
      `/v1/usage?tenant_id=ten_ss_b`,
      `/v1/billing?tenant_id=ten_ss_b&month=${month}`,
      '/v1/usage?tenant_id=ten_nonexistent',
    ]) {
      const res = await metering(path, tokens['ten_ss_a_analyst']);
      expect([path, res.status, res.body.error?.code]).toEqual([path, 403, 'insufficient_permissions']);
    }
    expect((await metering('/v1/usage', tokens['ten_ss_a_developer'])).status).toBe(403);
    expect((await metering(`/v1/billing?month=${month}`, tokens['ten_ss_a_developer'])).status).toBe(403);
    expect((await metering('/v1/usage')).status).toBe(401);
  });

  const auditLog = (token: string | undefined, tenant: string, query = '') =>
    op.as(token ?? null).call<AuditPage & { error?: { code: string; param: string } }>('GET', `/tenants/${tenant}/audit-log${query}`);

  it('the tenant audit log lists the entries its admin actions produced, filtered and paged', async () => {
    const admin = op.as(tokens['ten_ss_a_admin']!);
    const created = await admin.call<{ id: string }>('POST', '/tenants/ten_ss_a/api-keys', { name: 'from-the-tenant' });
    expect(created.status).toBe(201);
    const revoked = await admin.call('POST', `/tenants/ten_ss_a/api-keys/${created.body.id}/revoke`);
    expect(revoked.status).toBe(200);

    const key = `api_key/${created.body.id}`;
    let page: AuditPage = { object: 'list', data: [], has_more: false, next_after: null };
    for (const deadline = Date.now() + 30_000; Date.now() < deadline && page.data.length < 2;) {
      page = (await auditLog(tokens['ten_ss_a_admin'], 'ten_ss_a', `?resource=${key}`)).body;
      if (page.data.length < 2) await new Promise((r) => setTimeout(r, 250));
    }
    expect(page.data.map((e) => [e.action, e.resource.key, e.actor.id, e.request_id])).toEqual([
      ['update', key, users['ten_ss_a_admin'], revoked.requestId],
      ['create', key, users['ten_ss_a_admin'], created.requestId],
    ]);
    expect(page.data[1]!.operation).toBe('POST /admin/v1/tenants/{tenantId}/api-keys');
    expect(page.data[1]!.after).toMatchObject({ name: 'from-the-tenant', secretHash: expect.stringMatching(/^sha256:/) });

    const creates = (await auditLog(tokens['ten_ss_a_admin'], 'ten_ss_a', `?action=create&actor=${users['ten_ss_a_admin']}`)).body;
    expect(creates.data.map((e) => e.resource.key)).toEqual([key]);
    const none = (await auditLog(tokens['ten_ss_a_admin'], 'ten_ss_a', `?resource=${key}&to=${Date.now() - 3_600_000}`)).body;
    expect(none.data).toEqual([]);

    // Paging: one entry at a time walks the whole log newest first, without repeats.
    const all = (await auditLog(tokens['ten_ss_a_admin'], 'ten_ss_a', '?limit=100')).body.data.map((e) => e.seq);
    expect(all.length).toBeGreaterThan(3);
    const walked: number[] = [];
    let after: number | null = null;
    do {
      const res: AuditPage = (await auditLog(tokens['ten_ss_a_admin'], 'ten_ss_a', `?limit=2${after ? `&after=${after}` : ''}`)).body;
      walked.push(...res.data.map((e) => e.seq));
      after = res.next_after;
    } while (after !== null);
    expect(walked).toEqual(all);
    expect([...all].sort((a, b) => b - a)).toEqual(all);

    const verify = await op.as(tokens['ten_ss_a_admin']!).call('GET', '/tenants/ten_ss_a/audit-log/verify');
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({ object: 'audit_chain_status', tenant_id: 'ten_ss_a', intact: true, first_broken_seq: 0 });
    expect(verify.body['entries_checked']).toBeGreaterThanOrEqual(all.length);
  });

  it('refuses the audit log to other tenants, roles without audit.read, anonymous callers and bad queries', async () => {
    for (const path of ['/tenants/ten_ss_a/audit-log', '/tenants/ten_ss_a/audit-log/verify']) {
      expect((await op.as(tokens['ten_ss_b_admin']!).call('GET', path)).status).toBe(403);
      expect((await op.as(tokens['ten_ss_a_analyst']!).call('GET', path)).status).toBe(403);
      expect((await op.as(null).call('GET', path)).status).toBe(401);
    }
    // Another tenant that does not exist is the same 403: existence is never revealed.
    expect((await auditLog(tokens['ten_ss_b_admin'], 'ten_nonexistent')).status).toBe(403);
    const repeated = await auditLog(tokens['ten_ss_a_admin'], 'ten_ss_a', '?action=create&action=delete');
    expect([repeated.status, repeated.body.error?.code, repeated.body.error?.param]).toEqual([400, 'repeated_parameter', 'action']);
    for (const [query, param] of [
      ['?limit=0', 'limit'],
      ['?limit=101', 'limit'],
      ['?action=explode', 'action'],
      ['?from=yesterday', 'from'],
      ['?tenant=ten_ss_b', 'tenant'],
    ]) {
      const res = await auditLog(tokens['ten_ss_a_admin'], 'ten_ss_a', query);
      expect([query, res.status, res.body.error?.param]).toEqual([query, 400, param]);
    }
  });
});
