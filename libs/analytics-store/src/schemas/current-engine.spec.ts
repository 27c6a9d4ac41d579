// Proves the schema also runs on a current ClickHouse (chdb embeds 26.x),
// while integration tests run it on the 18.16 server.
import { Session } from 'chdb';
import { renderStatement } from '../migrations/migration';
import { expiredPartitions } from '../retention/retention';
import { USAGE_SCHEMA } from './usage-schema';

describe('usage schema on a current ClickHouse engine', () => {
  let session: Session;
  const rows = (sql: string): Record<string, unknown>[] =>
    session
      .query(sql, 'JSONEachRow')
      .trim()
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  beforeAll(() => {
    session = new Session();
    session.query('CREATE DATABASE IF NOT EXISTS compat');
    for (const migration of USAGE_SCHEMA.migrations) {
      for (const statement of migration.statements) session.query(renderStatement(statement, 'compat'));
    }
  });

  afterAll(() => session.cleanup());

  it('derives ts and day in UTC from epoch ms and keeps one row per event id', () => {
    const row = {
      event_id: 'e1',
      occurred_at_ms: 1_764_028_799_500,
      tenant_id: 't1',
      input_tokens: 10,
      cost_micro_usd: 3,
      ingested_at_ms: 1,
    };
    session.query(`INSERT INTO compat.usage_events FORMAT JSONEachRow ${JSON.stringify(row)}`);
    session.query(`INSERT INTO compat.usage_events FORMAT JSONEachRow ${JSON.stringify({ ...row, ingested_at_ms: 2 })}`);
    const out = session.query(
      "SELECT event_id, toString(ts) AS ts, toString(day) AS day, input_tokens FROM compat.usage_events FINAL WHERE tenant_id = 't1'",
      'JSONEachRow',
    );
    expect(
      out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown),
    ).toEqual([{ event_id: 'e1', ts: '2025-11-24 23:59:59', day: '2025-11-24', input_tokens: 10 }]);
  });

  it('rolls attempts up per minute, hour and day with mergeable latency quantiles', () => {
    const base = {
      tenant_id: 't2',
      feature: 'chat',
      provider: 'openai',
      upstream_model: 'gpt-4o-mini',
      status: 'ok',
      attempt_number: 1,
      ingested_at_ms: 1,
    };
    const insert = (events: object[]) =>
      session.query(`INSERT INTO compat.usage_events FORMAT JSONEachRow ${events.map((e) => JSON.stringify(e)).join('\n')}`);
    insert([
      { ...base, event_id: 'r1', occurred_at_ms: Date.UTC(2026, 10, 25, 10, 0, 1), latency_ms: 100, cost_micro_usd: 10, input_tokens: 5 },
      {
        ...base,
        event_id: 'r2',
        occurred_at_ms: Date.UTC(2026, 10, 25, 10, 0, 30),
        latency_ms: 300,
        cost_micro_usd: 20,
        input_tokens: 5,
        status: 'timeout',
        attempt_number: 1,
      },
    ]);
    insert([
      {
        ...base,
        event_id: 'r3',
        occurred_at_ms: Date.UTC(2026, 10, 25, 10, 59, 0),
        latency_ms: 200,
        cost_micro_usd: 30,
        cost_nano_usd: 29_600,
        input_tokens: 5,
        attempt_number: 2,
      },
    ]);
    const sums = (table: string) =>
      rows(
        `SELECT sum(attempts) AS attempts, sum(requests) AS requests, sum(errors) AS errors, sum(cost_micro_usd) AS cost, sum(cost_nano_usd) AS nanos, quantilesMerge(0.5, 0.95, 0.99)(latency_ms_quantiles) AS q FROM compat.${table} WHERE tenant_id = 't2'`,
      )[0];
    for (const table of ['usage_by_minute', 'usage_by_hour', 'usage_by_day']) {
      // Rows without nanos (written before migration 3) count their micro-USD x 1000.
      expect(sums(table)).toMatchObject({ attempts: 3, requests: 2, errors: 1, cost: 60, nanos: 59_600 });
      expect((sums(table)!['q'] as number[])[0]).toBe(200);
    }
    // One row per minute and dimensions (status is one): r1 and r2 differ in status, r3 in minute.
    expect(rows("SELECT count() AS n FROM compat.usage_by_minute WHERE tenant_id = 't2'")[0]).toEqual({ n: 3 });
  });

  it('drops day partitions for retention', () => {
    session.query(
      `INSERT INTO compat.request_events FORMAT JSONEachRow ${JSON.stringify({ event_id: 'old', occurred_at_ms: Date.UTC(2026, 0, 1), tenant_id: 't3', ingested_at_ms: 1 })}`,
    );
    const partitions = rows(
      "SELECT DISTINCT partition FROM system.parts WHERE active AND database = 'compat' AND table = 'request_events'",
    ).map((r) => String(r['partition']));
    for (const p of expiredPartitions(partitions, 30, Date.UTC(2026, 10, 25)))
      session.query(`ALTER TABLE compat.request_events DROP PARTITION ${Number(p)}`);
    expect(rows("SELECT count() AS n FROM compat.request_events WHERE tenant_id = 't3'")[0]).toEqual({ n: 0 });
  });
});
