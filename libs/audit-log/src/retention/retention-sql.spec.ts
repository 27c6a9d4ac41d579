// The retention mutation and the audit store's queries on a current ClickHouse
// (chdb embeds 26.x); the e2e suite runs the same SQL on the 18.16 server.
import { AUDIT_SCHEMA, renderStatement, USAGE_SCHEMA } from '@switchyard/analytics-store';
import { Session } from 'chdb';
import { auditListSql } from '../store/audit-list';
import { retentionDelete, retentionDue } from './retention-job';

describe('retention and audit SQL on a current ClickHouse engine', () => {
  let session: Session;

  beforeAll(() => {
    session = new Session();
    session.query('CREATE DATABASE IF NOT EXISTS ret');
    for (const set of [USAGE_SCHEMA, AUDIT_SCHEMA])
      for (const m of set.migrations) for (const s of m.statements) session.query(renderStatement(s, 'ret'));
  });

  afterAll(() => session.cleanup());

  const rows = (sql: string) =>
    session
      .query(sql, 'JSONEachRow')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  it("deletes only the tenant's rows older than the cutoff", () => {
    const day = 86_400_000;
    const now = 1_764_000_000_000;
    for (const [id, tenant, age] of [
      ['a-old', 'ten_a', 10],
      ['a-new', 'ten_a', 1],
      ['b-old', 'ten_b', 10],
    ] as const) {
      session.query(
        `INSERT INTO ret.request_events FORMAT JSONEachRow ${JSON.stringify({ event_id: id, tenant_id: tenant, occurred_at_ms: now - age * day, ingested_at_ms: 1 })}`,
      );
    }
    expect(rows(retentionDue('ret', 'request_events', 'ten_a', now - 7 * day))).toEqual([{ rows: 1 }]);
    session.query(`${retentionDelete('ret', 'request_events', 'ten_a', now - 7 * day)} SETTINGS mutations_sync = 1`);
    expect(rows('SELECT event_id FROM ret.request_events ORDER BY event_id').map((r) => r['event_id'])).toEqual(['a-new', 'b-old']);
  });

  it("answers the audit store's tail and latest-state queries", () => {
    const base = { occurred_at_ms: 1, recorded_at_ms: 1, mac_key_id: 'k1', prev_hash: '', hash: '', tenant_prev_hash: '' };
    session.query(
      `INSERT INTO ret.audit_log FORMAT JSONEachRow ${JSON.stringify({ ...base, seq: 1, event_id: 'e1', chain_tenant_id: 't', tenant_seq: 1, entity_key: 'k', after_json: 'v1', tenant_hash: 'h1' })}`,
    );
    session.query(
      `INSERT INTO ret.audit_log FORMAT JSONEachRow ${JSON.stringify({ ...base, seq: 2, event_id: 'e2', chain_tenant_id: 't', tenant_seq: 2, entity_key: 'k', after_json: 'v2', tenant_hash: 'h2' })}`,
    );
    expect(
      rows(
        'SELECT chain_tenant_id, max(tenant_seq) AS seq, argMax(tenant_hash, tenant_seq) AS hash FROM ret.audit_log GROUP BY chain_tenant_id',
      ),
    ).toEqual([{ chain_tenant_id: 't', seq: 2, hash: 'h2' }]);
    expect(
      rows("SELECT entity_key, argMax(after_json, seq) AS after_json FROM ret.audit_log WHERE entity_key IN ('k') GROUP BY entity_key"),
    ).toEqual([{ entity_key: 'k', after_json: 'v2' }]);
    expect(rows('SELECT seq FROM ret.audit_log ORDER BY seq, recorded_at_ms, event_id LIMIT 1, 5000')).toEqual([{ seq: 2 }]);
  });

  it("lists one tenant's entries newest first, filtered, paged by tenant_seq", () => {
    const base = { recorded_at_ms: 1, mac_key_id: 'k1', prev_hash: '', hash: '', tenant_prev_hash: '', tenant_hash: '' };
    const entries = [
      {
        seq: 11,
        tenant_seq: 1,
        chain_tenant_id: 'tl',
        occurred_at_ms: 1000,
        action: 'create',
        actor_id: 'usr_a',
        entity_kind: 'api_key',
        entity_key: 'api_key/k1',
      },
      {
        seq: 12,
        tenant_seq: 1,
        chain_tenant_id: 'other',
        occurred_at_ms: 1500,
        action: 'create',
        actor_id: 'usr_a',
        entity_kind: 'api_key',
        entity_key: 'api_key/k9',
      },
      {
        seq: 13,
        tenant_seq: 2,
        chain_tenant_id: 'tl',
        occurred_at_ms: 2000,
        action: 'update',
        actor_id: 'usr_a',
        entity_kind: 'api_key',
        entity_key: 'api_key/k1',
      },
      {
        seq: 14,
        tenant_seq: 3,
        chain_tenant_id: 'tl',
        occurred_at_ms: 3000,
        action: 'create',
        actor_id: 'usr_b',
        entity_kind: 'user',
        entity_key: 'user/u1',
      },
    ];
    for (const e of entries)
      session.query(`INSERT INTO ret.audit_log FORMAT JSONEachRow ${JSON.stringify({ ...base, ...e, event_id: `l${e.seq}` })}`);
    const q = { tenantId: 'tl', fromMs: 0, toMs: 0, action: '', actorId: '', resource: '', limit: 10, beforeTenantSeq: 0 };
    const seqs = (over: Partial<typeof q>, extra = 1) => rows(auditListSql('ret', { ...q, ...over }, extra)).map((r) => r['seq']);
    expect(seqs({})).toEqual([14, 13, 11]);
    expect(seqs({ action: 'create' })).toEqual([14, 11]);
    expect(seqs({ actorId: 'usr_a' })).toEqual([13, 11]);
    expect(seqs({ resource: 'api_key' })).toEqual([13, 11]);
    expect(seqs({ resource: 'user/u1' })).toEqual([14]);
    expect(seqs({ fromMs: 2000, toMs: 3000 })).toEqual([13]);
    expect(seqs({ limit: 1 })).toEqual([14, 13]);
    expect(seqs({ limit: 1, beforeTenantSeq: 3 }, 0)).toEqual([13]);
    expect(seqs({ tenantId: "tl' OR 1=1 --" })).toEqual([]);
  });
});
