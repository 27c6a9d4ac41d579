// The audit schema on a current ClickHouse (chdb embeds 26.x); integration
// tests run it on the 18.16 server.
import { Session } from 'chdb';
import { renderStatement } from '../migrations/migration';
import { AUDIT_SCHEMA } from './audit-schema';

describe('audit schema on a current ClickHouse engine', () => {
  let session: Session;

  beforeAll(() => {
    session = new Session();
    session.query('CREATE DATABASE IF NOT EXISTS audit_compat');
    // Twice: migrations must be re-runnable.
    for (let i = 0; i < 2; i++)
      for (const m of AUDIT_SCHEMA.migrations) for (const s of m.statements) session.query(renderStatement(s, 'audit_compat'));
  });

  afterAll(() => session.cleanup());

  it('stores entries append-only in chain order and derives ts in UTC', () => {
    for (const seq of [2, 1]) {
      session.query(
        `INSERT INTO audit_compat.audit_log FORMAT JSONEachRow ${JSON.stringify({ seq, event_id: `e${seq}`, occurred_at_ms: 1_764_028_799_500, chain_tenant_id: 't', tenant_seq: seq, hash: `h${seq}` })}`,
      );
    }
    const out = session.query('SELECT seq, toString(ts) AS ts, hash FROM audit_compat.audit_log ORDER BY seq', 'JSONEachRow');
    expect(
      out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as unknown),
    ).toEqual([
      { seq: 1, ts: '2025-11-24 23:59:59', hash: 'h1' },
      { seq: 2, ts: '2025-11-24 23:59:59', hash: 'h2' },
    ]);
  });

  it('lets an operator tamper the way the e2e test does (ALTER TABLE ... UPDATE), which verification must catch', () => {
    session.query("ALTER TABLE audit_compat.audit_log UPDATE after_json = 'forged' WHERE seq = 2 SETTINGS mutations_sync = 1");
    expect(session.query('SELECT after_json FROM audit_compat.audit_log WHERE seq = 2', 'CSV').trim()).toBe('"forged"');
  });
});
