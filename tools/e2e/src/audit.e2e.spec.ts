import { credentials, Metadata } from '@grpc/grpc-js';
import { AuditQueryClient, VerifyChainResponse } from '@switchyard/contracts';
import { SERVICE_TOKEN_METADATA, signServiceToken } from '@switchyard/platform';
import type { KeyObject } from 'node:crypto';
import { ADMIN_ENV, AdminClient } from './admin-client';
import { TestStack } from './test-stack';

interface AuditRowView {
  seq: number;
  tenant_seq: number;
  chain_tenant_id: string;
  actor_kind: string;
  actor_id: string;
  source_ip: string;
  request_id: string;
  operation: string;
  action: string;
  entity_key: string;
  before_json: string;
  after_json: string;
  hash: string;
}

interface VerifyView {
  intact: boolean;
  entries_checked: number;
  first_broken_seq: number;
  detail: string;
}

const DAY_MS = 86_400_000;

describe('audit service: every admin action hash-chained in ClickHouse, tamper detection, retention', () => {
  let t: TestStack;
  let op: AdminClient;
  let auditUrl: string;

  beforeAll(async () => {
    // ingress is told the hop it is reached through (loopback here) is the company's load balancer.
    t = await TestStack.start({
      extraEnv: { ...ADMIN_ENV, AUDIT_RETENTION_INTERVAL_MS: String(60 * 60 * 1000), INGRESS_TRUSTED_PROXIES: '127.0.0.1' },
    });
    op = new AdminClient(t.stack.service('ingress').url);
    auditUrl = t.stack.service('audit').url;
  });

  afterAll(() => t?.stop());

  const asOperator = (): Record<string, string> => ({ authorization: `Bearer ${t.stack.operatorToken}` });

  it('refuses internal routes to callers without the operator token, and never runs the retention job for them', async () => {
    await op.ok('POST', '/tenants', { id: 'ten_nosy', name: 'Nosy' });
    const tenantKey = await op.ok<{ plaintext: string }>('POST', '/tenants/ten_nosy/api-keys', { name: 'prod' });
    const internalRoutes: Array<[string, string]> = [
      ['GET', `${auditUrl}/audit/v1/verify?tenant_id=ten_audit`],
      ['POST', `${auditUrl}/audit/v1/retention/run`],
      ['GET', `${t.stack.service('router').url}/routing/deployments`],
      ['GET', `${t.stack.service('budget-enforcer').url}/v1/budgets/counters`],
    ];
    for (const [method, url] of internalRoutes) {
      for (const authorization of [undefined, `Bearer ${tenantKey.plaintext}`, 'Bearer not-the-token']) {
        const res = await fetch(url, { method, headers: authorization ? { authorization } : {} });
        expect([method, url, authorization !== undefined, res.status]).toEqual([method, url, authorization !== undefined, 401]);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_api_key');
      }
    }
    const asOp = await fetch(`${auditUrl}/audit/v1/verify?tenant_id=ten_nosy`, { headers: asOperator() });
    expect(asOp.status).toBe(200);
    const ops = await fetch(`${t.stack.service('router').url}/metrics`);
    expect(ops.status).toBe(200);
  });

  const auditRows = (where: string, count: number) =>
    t.eventually<AuditRowView>(`SELECT * FROM ${t.id}.audit_log WHERE ${where} ORDER BY seq`, (rows) => rows.length >= count, 30_000);
  const verify = async (tenantId?: string): Promise<VerifyView> =>
    (
      await fetch(`${auditUrl}/audit/v1/verify${tenantId ? `?tenant_id=${tenantId}` : ''}`, { headers: asOperator() })
    ).json() as Promise<VerifyView>;

  it('records who did what, when, from where, with before and after, also when nothing changed', async () => {
    await op.ok('POST', '/tenants', { id: 'ten_audit', name: 'Audited' });
    const key = await op.ok<{ id: string }>('POST', '/tenants/ten_audit/api-keys', { name: 'prod' });
    const revoke = await op.call('POST', `/tenants/ten_audit/api-keys/${key.id}/revoke`);
    const first = await op.call('PATCH', '/tenants/ten_audit/settings', { raw_log_retention_days: 30 });
    const again = await op.call('PATCH', '/tenants/ten_audit/settings', { raw_log_retention_days: 30 });

    const [revoked] = await auditRows(`request_id = '${revoke.requestId}'`, 1);
    expect(revoked).toMatchObject({
      actor_kind: 'operator',
      actor_id: 'bootstrap',
      source_ip: '127.0.0.1',
      chain_tenant_id: 'ten_audit',
      action: 'update',
      entity_key: `api_key/${key.id}`,
      operation: 'POST /admin/v1/tenants/{tenantId}/api-keys/{keyId}/revoke',
    });
    expect(JSON.parse(revoked!.before_json)).not.toHaveProperty('revokedAtMs');
    expect(JSON.parse(revoked!.after_json)).toHaveProperty('revokedAtMs');
    expect(revoked!.after_json).toMatch(/"secretHash":"sha256:[0-9a-f]{12}"/);

    const [changed] = await auditRows(`request_id = '${first.requestId}'`, 1);
    const [unchanged] = await auditRows(`request_id = '${again.requestId}'`, 1);
    expect(JSON.parse(changed!.after_json)).toMatchObject({ rawLogRetentionDays: 30 });
    expect(unchanged).toMatchObject({ action: 'update', entity_key: 'tenant/ten_audit' });
    expect(unchanged!.seq).toBeGreaterThan(changed!.seq);
    expect(JSON.parse(unchanged!.before_json)).toMatchObject({ rawLogRetentionDays: 30 });

    expect(await verify()).toMatchObject({ intact: true, first_broken_seq: 0 });
    expect(await verify('ten_audit')).toMatchObject({ intact: true, entries_checked: 5 });
    const repeated = await fetch(`${auditUrl}/audit/v1/verify?tenant_id=ten_audit&tenant_id=ten_other`, { headers: asOperator() });
    expect(repeated.status).toBe(400);
    expect(((await repeated.json()) as { error: { code: string; param: string } }).error).toMatchObject({
      code: 'repeated_parameter',
      param: 'tenant_id',
    });
  });

  it('records the client address a trusted load balancer forwarded, and never one the client wrote itself', async () => {
    const viaBalancer = await op
      .withHeaders({ 'x-forwarded-for': '203.0.113.7' })
      .call('PATCH', '/tenants/ten_audit/settings', { raw_log_retention_days: 31 });
    // The client sent "X-Forwarded-For: 10.6.6.6"; the balancer appended the address it saw.
    const spoofed = await op
      .withHeaders({ 'x-forwarded-for': '10.6.6.6, 198.51.100.9' })
      .call('PATCH', '/tenants/ten_audit/settings', { raw_log_retention_days: 32 });
    const [forwarded] = await auditRows(`request_id = '${viaBalancer.requestId}'`, 1);
    const [appended] = await auditRows(`request_id = '${spoofed.requestId}'`, 1);
    expect(forwarded).toMatchObject({ source_ip: '203.0.113.7' });
    expect(appended).toMatchObject({ source_ip: '198.51.100.9' });
  });

  it('keeps one unbroken chain across an audit restart from scratch', async () => {
    const before = await verify();
    await t.stack.restart('audit', 'kill');
    const user = await op.call('POST', '/tenants/ten_audit/users', { id: 'usr_after_restart', email: 'after@example.com', name: 'After' });
    const [row] = await auditRows(`request_id = '${user.requestId}'`, 1);
    expect(row!.seq).toBe(before.entries_checked + 1);
    expect(await verify()).toMatchObject({ intact: true, entries_checked: before.entries_checked + 1 });
  });

  it('fails verification exactly at a row edited in ClickHouse, on REST and gRPC, and recovers when it is put back', async () => {
    const rows = await auditRows(`chain_tenant_id = 'ten_audit'`, 6);
    const victim = rows[2]!;
    await tamper(`after_json = '{"forged":true}'`, victim.seq, '{"forged":true}');

    expect(await verify()).toMatchObject({
      intact: false,
      first_broken_seq: victim.seq,
      detail: `seq ${victim.seq} was altered: its content does not match its hash`,
    });
    expect(await verify('ten_audit')).toMatchObject({ intact: false, first_broken_seq: victim.seq });
    const grpc = await verifyGrpc(t.stack.service('audit').grpcAddress, '', t.stack.serviceKeys.get('ingress')!);
    expect(grpc).toMatchObject({ intact: false, firstBrokenSeq: victim.seq });

    await tamper(`after_json = ${sqlString(victim.after_json)}`, victim.seq, victim.after_json);
    expect(await verify()).toMatchObject({ intact: true });
  });

  it('fails verification at a forged row appended with a recomputed plain hash', async () => {
    const [last] = await t.query<AuditRowView & Record<string, unknown>>(`SELECT * FROM ${t.id}.audit_log ORDER BY seq DESC LIMIT 1`);
    const forged = {
      ...last!,
      seq: last!.seq + 1,
      event_id: 'forged',
      prev_hash: last!.hash,
      hash: 'f'.repeat(64),
      action: 'delete',
      request_id: 'req_forged',
    };
    await t.clickhouse.insert({ table: `${t.id}.audit_log`, values: [forged], format: 'JSONEachRow' });
    expect(await verify()).toMatchObject({ intact: false, first_broken_seq: last!.seq + 1 });
  });

  it("deletes raw request logs past a tenant's retention, and only those", async () => {
    await op.ok('POST', '/tenants', { id: 'ten_keep', name: 'Keeps everything' });
    await op.ok('PATCH', '/tenants/ten_audit/settings', { raw_log_retention_days: 7 });
    const now = Date.now();
    const rows = [
      ['ret-a-old', 'ten_audit', now - 10 * DAY_MS],
      ['ret-a-new', 'ten_audit', now - 1 * DAY_MS],
      ['ret-k-old', 'ten_keep', now - 10 * DAY_MS],
    ] as const;
    await t.eventually(`SELECT count() AS n FROM ${t.id}.request_events`, () => true);
    for (const table of ['request_events', 'usage_events']) {
      await t.clickhouse.insert({
        table: `${t.id}.${table}`,
        values: rows.map(([id, tenant, at]) => ({ event_id: id, tenant_id: tenant, occurred_at_ms: at, ingested_at_ms: now })),
        format: 'JSONEachRow',
      });
    }
    await t.waitForConfig();

    const run = (await (await fetch(`${auditUrl}/audit/v1/retention/run`, { method: 'POST', headers: asOperator() })).json()) as {
      deletions: { tenantId: string; table: string; rows: number }[];
    };
    expect(run.deletions.map((d) => [d.tenantId, d.table, d.rows]).sort()).toEqual([
      ['ten_audit', 'request_events', 1],
      ['ten_audit', 'usage_events', 1],
    ]);
    for (const table of ['request_events', 'usage_events']) {
      const left = await t.eventually<{ event_id: string }>(
        `SELECT event_id FROM ${t.id}.${table} WHERE event_id LIKE 'ret-%' ORDER BY event_id`,
        (r) => r.length === 2,
      );
      expect(left.map((r) => r.event_id)).toEqual(['ret-a-new', 'ret-k-old']);
    }
  });

  async function tamper(assignment: string, seq: number, expected: string): Promise<void> {
    await t.clickhouse.command({ query: `ALTER TABLE ${t.id}.audit_log UPDATE ${assignment} WHERE seq = ${seq}` });
    // Mutations are asynchronous on 18.16: wait until the row reads back changed.
    const [row] = await t.eventually<{ after_json: string }>(
      `SELECT after_json FROM ${t.id}.audit_log WHERE seq = ${seq}`,
      (r) => r[0]?.after_json === expected,
    );
    expect(row?.after_json).toBe(expected);
  }
});

function sqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** AuditQuery's callers are peer services (ingress): a service token signed with ingress's key. */
function verifyGrpc(address: string, tenantId: string, ingressKey: KeyObject): Promise<VerifyChainResponse> {
  const client = new AuditQueryClient(address, credentials.createInsecure());
  return new Promise((resolve, reject) => {
    const metadata = new Metadata();
    const issuedAtMs = Date.now();
    metadata.set(
      SERVICE_TOKEN_METADATA,
      signServiceToken(ingressKey, { caller: 'ingress', audience: 'audit', issuedAtMs, expiresAtMs: issuedAtMs + 60_000 }),
    );
    client.verifyChain({ tenantId }, metadata, (error, response) => {
      client.close();
      if (error) reject(error);
      else resolve(response);
    });
  });
}
