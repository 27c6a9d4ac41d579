// Proves the schema also runs on a current ClickHouse (chdb embeds 26.x),
// while integration tests run it on the 18.16 server.
import { Session } from 'chdb';
import { renderStatement } from '../migrations/migration';
import { USAGE_SCHEMA } from './usage-schema';

describe('usage schema on a current ClickHouse engine', () => {
  let session: Session;

  beforeAll(() => {
    session = new Session();
    session.query('CREATE DATABASE IF NOT EXISTS compat');
    for (const migration of USAGE_SCHEMA.migrations) {
      for (const statement of migration.statements) session.query(renderStatement(statement, 'compat'));
    }
  });

  afterAll(() => session.cleanup());

  it('derives ts and day in UTC from epoch ms and keeps one row per event id', () => {
    const row = { event_id: 'e1', occurred_at_ms: 1_764_028_799_500, tenant_id: 't1', input_tokens: 10, cost_micro_usd: 3, ingested_at_ms: 1 };
    session.query(`INSERT INTO compat.usage_events FORMAT JSONEachRow ${JSON.stringify(row)}`);
    session.query(`INSERT INTO compat.usage_events FORMAT JSONEachRow ${JSON.stringify({ ...row, ingested_at_ms: 2 })}`);
    const out = session.query(
      "SELECT event_id, toString(ts) AS ts, toString(day) AS day, input_tokens FROM compat.usage_events FINAL WHERE tenant_id = 't1'",
      'JSONEachRow',
    );
    expect(out.trim().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual([
      { event_id: 'e1', ts: '2025-11-24 23:59:59', day: '2025-11-24', input_tokens: 10 },
    ]);
  });
});
