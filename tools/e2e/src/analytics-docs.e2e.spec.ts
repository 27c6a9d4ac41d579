import { ClickHouseClient, createClient } from '@clickhouse/client';
import { insertNewRows, renderStatement, runMigrations, USAGE_SCHEMA } from '@switchyard/analytics-store';
import type { RequestRow, UsageRow } from '@switchyard/usage-accounting';
import { createLogger } from '@switchyard/platform';
import { Session } from 'chdb';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Every ```sql block of docs/analytics.md. */
function documentedQueries(): string[] {
  const doc = readFileSync(resolve(__dirname, '../../../docs/analytics.md'), 'utf8');
  return [...doc.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1]!.trim());
}

let seq = 0;
const now = Date.now();

/** Sample traffic: two tenants, features, plans, regions, an A/B split, shadow calls, fallbacks, errors, 429s, waits and streams. */
function sampleData(): { usage: UsageRow[]; requests: RequestRow[] } {
  const usage: UsageRow[] = [];
  const requests: RequestRow[] = [];
  for (let i = 0; i < 60; i++) {
    const tenant = i % 3 === 0 ? 'ten_b' : 'ten_a';
    const at = now - (i % 20) * 60_000 - 1_000;
    const requestId = `req_${i}`;
    const context = {
      request_id: requestId,
      tenant_id: tenant,
      api_key_id: `key_${tenant}`,
      plan_id: i % 4 === 0 ? 'free' : 'pro',
      feature: i % 2 ? 'chat' : 'search',
      environment: 'live',
      end_user: `u${i % 5}`,
      region: i % 5 === 0 ? 'eu-west' : 'us-east',
    };
    const arm = i % 6 < 3 ? 'control' : 'candidate';
    const failedFirst = i % 7 === 0;
    const attempt = (n: number, fields: Partial<UsageRow>): UsageRow => ({
      event_id: `u_${++seq}`,
      occurred_at_ms: at + n,
      ...context,
      endpoint: 'chat.completions',
      deployment_id: n === 1 ? 'gpt4o-us' : 'gpt4o-mini-us',
      provider: 'openai',
      upstream_model: n === 1 ? 'gpt-4o' : 'gpt-4o-mini',
      public_model: n === 1 ? 'gpt-4o' : 'gpt-4o-mini',
      requested_model: 'chat-default',
      policy: '',
      alias: 'chat-default',
      arm,
      attempt_number: n,
      shadow: 0,
      stream: i % 2,
      input_tokens: 100 + i,
      output_tokens: 40 + (i % 9),
      cached_input_tokens: i % 3 === 0 ? 50 : 0,
      cache_write_tokens: 0,
      reasoning_tokens: 0,
      audio_input_tokens: 0,
      audio_output_tokens: 0,
      credential_ref: 'cred-openai',
      usage_estimated: 0,
      cost_micro_usd: 700 + i * 3,
      cost_nano_usd: (700 + i * 3) * 1000,
      metered_unit: '',
      metered_quantity: 0,
      metered_variant: '',
      latency_ms: 200 + (i % 10) * 35,
      ttft_ms: i % 2 ? 80 + i : 0,
      status: 'ok',
      upstream_status: 200,
      ingested_at_ms: now,
      ...fields,
    });
    if (failedFirst)
      usage.push(attempt(1, { status: 'upstream_5xx', upstream_status: 503, output_tokens: 0, cost_micro_usd: 0, cost_nano_usd: 0 }));
    usage.push(attempt(failedFirst ? 2 : 1, {}));
    if (i % 10 === 0)
      usage.push(
        attempt(9, {
          shadow: 1,
          arm: 'shadow',
          deployment_id: 'claude-us',
          provider: 'anthropic',
          upstream_model: 'claude-3-5-haiku',
          public_model: 'claude-haiku',
        }),
      );
    const throttled = i % 11 === 0;
    requests.push({
      event_id: `r_${++seq}`,
      occurred_at_ms: at + 5,
      ...context,
      endpoint: 'chat.completions',
      api_surface: 'openai',
      requested_model: 'chat-default',
      stream: i % 2,
      http_status: throttled ? 429 : 200,
      status: throttled ? 'rate_limited' : 'ok',
      error_message: throttled ? 'Rate limit reached' : '',
      latency_ms: 250 + (i % 10) * 40,
      ttft_ms: i % 2 ? 90 + i : 0,
      deployment_id: failedFirst ? 'gpt4o-mini-us' : 'gpt4o-us',
      provider: 'openai',
      upstream_model: failedFirst ? 'gpt-4o-mini' : 'gpt-4o',
      public_model: failedFirst ? 'gpt-4o-mini' : 'gpt-4o',
      attempts: failedFirst ? 2 : 1,
      policy: '',
      alias: 'chat-default',
      arm,
      queue_wait_ms: i % 4 === 1 ? 15 * (i % 8) + 5 : 0,
      input_tokens: 100 + i,
      output_tokens: 40 + (i % 9),
      cached_input_tokens: 0,
      cache_write_tokens: 0,
      reasoning_tokens: 0,
      audio_input_tokens: 0,
      audio_output_tokens: 0,
      usage_estimated: 0,
      cost_micro_usd: throttled ? 0 : 700 + i * 3,
      cost_nano_usd: throttled ? 0 : (700 + i * 3) * 1000,
      metered_unit: '',
      metered_quantity: 0,
      metered_variant: '',
      request_bytes: 300,
      response_bytes: 900,
      ingested_at_ms: now,
    });
  }
  return { usage, requests };
}

/**
 * Same rows, same order, same dimension values; numbers equal up to what
 * differs between engines: quantile interpolation (18.16 keeps integer
 * types) and an empty quantilesIf state (0 on 18.16, nan on current ones).
 */
function expectSameRows(current: Record<string, unknown>[], old: Record<string, unknown>[]): void {
  expect(current.map((r) => Object.keys(r))).toEqual(old.map((r) => Object.keys(r)));
  const num = (v: unknown): number | undefined =>
    typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : undefined;
  const close = (a: unknown, b: unknown): boolean => {
    if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => close(x, b[i]));
    if ((a === null || a === 'nan') && num(b) === 0) return true;
    const x = num(a);
    const y = num(b);
    if (x !== undefined && y !== undefined) return Math.abs(x - y) <= Math.max(1, Math.abs(y) * 0.01);
    return JSON.stringify(a) === JSON.stringify(b);
  };
  current.forEach((row, i) => {
    for (const [k, v] of Object.entries(row)) {
      if (!close(v, old[i]![k]))
        throw new Error(`row ${i} column ${k}: current engine ${JSON.stringify(v)}, 18.16 ${JSON.stringify(old[i]![k])}`);
    }
  });
}

describe('docs/analytics.md: every documented query runs on ClickHouse 18.16 and on a current engine, with data', () => {
  const db = `docs_${randomBytes(4).toString('hex')}`;
  const queries = documentedQueries();
  const data = sampleData();
  let server: ClickHouseClient;
  let chdb: Session;

  beforeAll(async () => {
    server = createClient({ url: 'http://127.0.0.1:18123', clickhouse_settings: { output_format_json_quote_64bit_integers: 0 } });
    await runMigrations(server, db, USAGE_SCHEMA, createLogger({ service: 'docs-test', instance: 'e2e', level: 'warn' }));
    // Twice, as a redelivered Kafka batch would be: the second insert must add nothing anywhere.
    for (let i = 0; i < 2; i++) {
      await insertNewRows(server, db, 'usage_events', data.usage);
      await insertNewRows(server, db, 'request_events', data.requests);
    }
    chdb = new Session();
    chdb.query(`CREATE DATABASE IF NOT EXISTS ${db}`);
    for (const m of USAGE_SCHEMA.migrations) for (const s of m.statements) chdb.query(renderStatement(s, db));
    chdb.query(`INSERT INTO ${db}.usage_events FORMAT JSONEachRow ${data.usage.map((r) => JSON.stringify(r)).join('\n')}`);
    chdb.query(`INSERT INTO ${db}.request_events FORMAT JSONEachRow ${data.requests.map((r) => JSON.stringify(r)).join('\n')}`);
  });

  afterAll(async () => {
    await server?.command({ query: `DROP DATABASE IF EXISTS ${db}` });
    await server?.close();
    chdb?.cleanup();
  });

  const onServer = async (sql: string) => (await server.query({ query: sql, format: 'JSONEachRow' })).json<Record<string, unknown>>();
  const onChdb = (sql: string) =>
    chdb
      .query(sql, 'JSONEachRow')
      .split('\n')
      .filter((l) => l.trim().length > 0)
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  it('documents a query for every rollup', () => {
    expect(queries.length).toBeGreaterThanOrEqual(12);
    for (const table of [
      'usage_events',
      'request_events',
      'usage_by_minute',
      'usage_by_hour',
      'usage_by_day',
      'requests_by_minute',
      'requests_by_hour',
      'requests_by_day',
    ]) {
      expect(queries.some((q) => q.includes(`switchyard.${table}`))).toBe(true);
    }
  });

  it('rollups equal the raw tables after a redelivered batch (no double counting)', async () => {
    const raw = await onServer(`SELECT count() AS n, sum(cost_micro_usd) AS cost FROM ${db}.usage_events`);
    expect(raw).toEqual([{ n: data.usage.length, cost: data.usage.reduce((s, r) => s + r.cost_micro_usd, 0) }]);
    for (const g of ['minute', 'hour', 'day']) {
      expect(await onServer(`SELECT sum(attempts) AS n, sum(cost_micro_usd) AS cost FROM ${db}.usage_by_${g}`)).toEqual(raw);
      expect(await onServer(`SELECT sum(requests) AS n FROM ${db}.requests_by_${g}`)).toEqual([{ n: data.requests.length }]);
    }
  });

  it.each(documentedQueries().map((q, i) => [i + 1, q.split('\n')[0]!.slice(0, 70), q]))(
    'query %i (%s) returns rows on 18.16 and the same rows on chdb',
    async (_i, _title, sql) => {
      const local = sql.replace(/\bswitchyard\./g, `${db}.`);
      const a = await onServer(local);
      expect(a.length).toBeGreaterThan(0);
      expectSameRows(onChdb(local), a);
    },
  );
});
