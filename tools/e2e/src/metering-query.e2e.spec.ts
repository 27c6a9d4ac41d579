import { credentials, Metadata, ServiceError, status } from '@grpc/grpc-js';
import { MeteringQueryClient, UsageReport } from '@switchyard/contracts';
import OpenAI from 'openai';
import { TestStack } from './test-stack';

interface UsageJson {
  object: string;
  granularity: string;
  rows: { dimensions: Record<string, string>; requests: number; attempts: number; costMicroUsd: number; inputTokens: number }[];
}

describe('usage and billing query API (REST and gRPC), tenant-scoped', () => {
  let t: TestStack;
  let keyA: string;
  let keyB: string;
  let grpc: MeteringQueryClient;
  const from = Date.now() - 60_000;

  beforeAll(async () => {
    t = await TestStack.start({ services: ['provider-adapters', 'budget-enforcer', 'router', 'ingress', 'metering'] });
    await t.seeder.plan('pro', { customerPriceMicroUsdPerMonth: 20_000_000 });
    keyA = (await t.tenantWithModel('ten_qa')).plaintext;
    keyB = (await t.tenantWithModel('ten_qb')).plaintext;
    await t.seeder.tenant('ten_qa', { planId: 'pro' });
    await t.waitForConfig();
    const send = async (key: string, feature: string, n: number) => {
      const client = new OpenAI({ apiKey: key, baseURL: t.baseUrl, maxRetries: 0, defaultHeaders: { 'x-switchyard-feature': feature } });
      for (let i = 0; i < n; i++)
        await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `usage ${feature} ${i}` }] });
    };
    await send(keyA, 'chat', 6);
    await send(keyA, 'search', 2);
    await send(keyB, 'chat', 3);
    // An insert makes raw rows visible a moment before its materialized views finish: wait for every rollup.
    const rollup = (g: string) => `(SELECT sum(attempts) FROM ${t.id}.usage_by_${g})`;
    await t.eventually(
      `SELECT least(least(${rollup('minute')}, ${rollup('hour')}), ${rollup('day')}) AS n`,
      (r: { n: number }[]) => (r[0]?.n ?? 0) >= 11,
    );
    grpc = new MeteringQueryClient(t.stack.service('metering').grpcAddress, credentials.createInsecure());
  });

  afterAll(async () => {
    grpc?.close();
    await t?.stop();
  });

  const rest = (path: string, token?: string) =>
    fetch(`${t.stack.service('metering').url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const usage = async (query: string, token?: string) => {
    const res = await rest(`/v1/usage?from=${from}&to=${Date.now() + 60_000}&${query}`, token);
    return { status: res.status, body: (await res.json()) as UsageJson & { error?: { code: string } } };
  };
  // Costs add up exactly in nano-USD and show in micro-USD rounded once per answer row: per feature and model
  // for a usage query, per feature and deployment (with its public and upstream model) for the bill.
  const truth = async (tenant: string, rowKey = 'feature, upstream_model') =>
    (
      await t.query<{ cost: number; n: number }>(
        `SELECT sum(c) AS cost, sum(k) AS n FROM (SELECT intDiv(sum(cost_nano_usd) + 500, 1000) AS c, count() AS k
          FROM ${t.id}.usage_events WHERE tenant_id = '${tenant}' GROUP BY ${rowKey})`,
      )
    )[0]!;

  it('a tenant key sees its own usage by feature and model, matching the raw rows', async () => {
    const { status: code, body } = await usage('group_by=feature,model', keyA);
    expect(code).toBe(200);
    expect(body.granularity).toBe('minute');
    const rows = body.rows.map((r) => [r.dimensions['feature'], r.dimensions['model'], r.requests, r.attempts]);
    expect(rows).toEqual([
      ['chat', 'gpt-4o-mini', 6, 6],
      ['search', 'gpt-4o-mini', 2, 2],
    ]);
    expect(body.rows.reduce((s, r) => s + r.costMicroUsd, 0)).toBe((await truth('ten_qa')).cost);
    const b = await usage('group_by=feature', keyB);
    expect(b.body.rows.map((r) => [r.dimensions['feature'], r.requests])).toEqual([['chat', 3]]);
  });

  it('never lets a tenant read another tenant, whatever it asks', async () => {
    expect((await usage('tenant_id=ten_qb', keyA)).status).toBe(403);
    expect((await usage('tenant_id=ten_qb', keyA)).body.error?.code).toBe('tenant_forbidden');
    expect((await usage("tenant_id=ten_qa'%20OR%201%3D1%20--", keyB)).status).toBe(403);
    expect((await usage('group_by=tenant', keyA)).status).toBe(400);
    expect((await usage('group_by=feature')).status).toBe(401);
    expect((await usage('group_by=feature', 'sy_test_0000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(401);
    expect((await rest(`/v1/billing?month=${month()}&tenant_id=ten_qb`, keyA)).status).toBe(403);
    expect((await rest(`/v1/billing.csv?month=${month()}&tenant_id=ten_qb`, keyA)).status).toBe(403);
  });

  it('the operator token reads any named tenant, and an injected tenant id matches nothing', async () => {
    const op = t.stack.operatorToken;
    expect((await usage('group_by=feature', op)).status).toBe(400);
    const b = await usage('tenant_id=ten_qb&group_by=feature', op);
    expect(b.body.rows.map((r) => r.requests)).toEqual([3]);
    const injected = await usage(`tenant_id=${encodeURIComponent("ten_qb' OR tenant_id != '")}`, op);
    expect(injected.status).toBe(200);
    expect(injected.body.rows.every((r) => r.requests === 0)).toBe(true);
  });

  it('serves the same over gRPC with the token in metadata', async () => {
    const q = (token: string, tenantId = '') =>
      new Promise<UsageReport>((resolve, reject) => {
        const md = new Metadata();
        md.set('authorization', `Bearer ${token}`);
        grpc.queryUsage({ tenantId, fromMs: from, toMs: Date.now() + 60_000, groupBy: ['feature'] }, md, (error, report) =>
          error ? reject(error) : resolve(report),
        );
      });
    const mine = await q(keyA);
    expect(mine.rows.map((r) => [r.dimensions['feature'], r.requests])).toEqual([
      ['chat', 6],
      ['search', 2],
    ]);
    await expect(q(keyA, 'ten_qb')).rejects.toMatchObject({ code: status.PERMISSION_DENIED } satisfies Partial<ServiceError>);
    await expect(q('nope')).rejects.toMatchObject({ code: status.UNAUTHENTICATED });
    expect((await q(t.stack.operatorToken, 'ten_qb')).rows.map((r) => r.requests)).toEqual([3]);
  });

  it('answers 400 naming the parameter when one is repeated, on every endpoint', async () => {
    const op = t.stack.operatorToken;
    for (const path of [
      `/v1/usage?tenant_id=ten_qa&tenant_id=ten_qb`,
      `/v1/usage?tenant_id=ten_qa&from=${from}&from=${from}`,
      `/v1/billing?tenant_id=ten_qa&tenant_id=ten_qb`,
      `/v1/billing.csv?tenant_id=ten_qa&month=${month()}&month=${month()}`,
    ]) {
      const res = await rest(path, op);
      expect([path, res.status]).toEqual([path, 400]);
      expect(((await res.json()) as { error: { code: string; type: string } }).error).toMatchObject({
        type: 'invalid_request_error',
        code: 'repeated_parameter',
      });
    }
    expect((await rest('/v1/usage?group_by=feature&group_by=model', keyA)).status).toBe(400);
  });

  it('applies the REST default range (the last 24 h) to a gRPC query without from and to', async () => {
    const md = new Metadata();
    md.set('authorization', `Bearer ${keyA}`);
    const report = await new Promise<UsageReport>((resolve, reject) =>
      grpc.queryUsage({ tenantId: '', fromMs: 0, toMs: 0, groupBy: ['feature'] }, md, (error, r) => (error ? reject(error) : resolve(r))),
    );
    expect(report.toMs - report.fromMs).toBeGreaterThanOrEqual(86_400_000);
    expect(report.toMs).toBeGreaterThanOrEqual(Date.now() - 60_000);
    expect(report.rows.map((r) => [r.dimensions['feature'], r.requests])).toEqual([
      ['chat', 6],
      ['search', 2],
    ]);
    const rest24h = (await (await rest('/v1/usage?group_by=feature', keyA)).json()) as UsageJson & { fromMs: number; toMs: number };
    expect(rest24h.granularity).toBe(report.granularity);
  });

  it('bills the month per feature and model with gross margin, as JSON and CSV', async () => {
    const res = await rest(`/v1/billing?month=${month()}`, keyA);
    expect(res.status).toBe(200);
    const bill = (await res.json()) as {
      tenantId: string;
      lines: { feature: string; model: string; requests: number; costMicroUsd: number }[];
      features: { feature: string; revenueMicroUsd: number; grossMarginMicroUsd: number; costMicroUsd: number; priced: boolean }[];
      totalCostMicroUsd: number;
    };
    expect(bill.tenantId).toBe('ten_qa');
    // Lines are per deployment: both tenants' gpt-4o-mini deployments may have served ten_qa.
    const perModel = new Map<string, number>();
    for (const l of bill.lines) perModel.set(`${l.feature}/${l.model}`, (perModel.get(`${l.feature}/${l.model}`) ?? 0) + l.requests);
    expect([...perModel]).toEqual([
      ['chat/gpt-4o-mini', 6],
      ['search/gpt-4o-mini', 2],
    ]);
    expect(bill.totalCostMicroUsd).toBe((await truth('ten_qa', 'plan_id, feature, deployment_id, public_model, upstream_model')).cost);
    // Plan "pro" charges $20/month: chat gets 6/8 of it, search 2/8.
    expect(
      bill.features.map((f) => [f.feature, f.revenueMicroUsd, f.grossMarginMicroUsd === f.revenueMicroUsd - f.costMicroUsd, f.priced]),
    ).toEqual([
      ['chat', 15_000_000, true, true],
      ['search', 5_000_000, true, true],
    ]);
    const csv = await rest(`/v1/billing.csv?month=${month()}`, keyA);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toContain(`billing-ten_qa-${month()}.csv`);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toMatch(/^row_type,month,tenant_id,feature,provider,deployment_id,model,upstream_model,requests/);
    expect(lines.filter((l) => l.startsWith('line,'))).toHaveLength(bill.lines.length);
    expect(lines.find((l) => l.startsWith('feature,') && l.includes(',chat,'))).toContain(',15000000,');
    expect(lines.at(-1)).toMatch(/^total,/);
    expect((await rest('/v1/billing?month=2026-13', keyA)).status).toBe(400);
  });
});

function month(): string {
  return new Date().toISOString().slice(0, 7);
}
