import type { ClickHouseClient } from '@clickhouse/client';
import { identifier, InsertMetrics, stringList, stringLiteral } from '@switchyard/analytics-store';
import type { Registry } from 'prom-client';
import type { AuditRow } from '../chain/audit-entry';
import { ChainKeys, ChainTail, ChainVerifier, GENESIS, Verification } from '../chain/hash-chain';
import { AuditListQuery, auditListSql, MAX_AUDIT_PAGE } from './audit-list';

const PAGE = 5_000;

/** audit_log in ClickHouse: appends, tails, lookups and the chain walk. Nothing here updates or deletes. */
export class AuditStore {
  private readonly table: string;
  private readonly inserts: InsertMetrics | undefined;

  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
    metrics?: Registry,
  ) {
    this.table = `${identifier(database)}.audit_log`;
    this.inserts = metrics && new InsertMetrics(metrics, 'audit_log');
  }

  async tails(): Promise<{ global: ChainTail; tenants: Map<string, ChainTail> }> {
    const [last] = await this.rows<{ seq: number; hash: string }>(`SELECT seq, hash FROM ${this.table} ORDER BY seq DESC LIMIT 1`);
    const perTenant = await this.rows<{ chain_tenant_id: string; seq: number; hash: string }>(
      `SELECT chain_tenant_id, max(tenant_seq) AS seq, argMax(tenant_hash, tenant_seq) AS hash FROM ${this.table} GROUP BY chain_tenant_id`,
    );
    return {
      global: last ? { seq: Number(last.seq), hash: last.hash } : { seq: 0, hash: GENESIS },
      tenants: new Map(perTenant.map((r) => [r.chain_tenant_id, { seq: Number(r.seq), hash: r.hash }])),
    };
  }

  async storedEventIds(ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.rows<{ event_id: string }>(`SELECT event_id FROM ${this.table} WHERE event_id IN ${stringList(ids)}`);
    return new Set(rows.map((r) => r.event_id));
  }

  /** The last audited state of each entity key ('' after a delete). */
  async latestStates(keys: readonly string[]): Promise<Map<string, string>> {
    if (keys.length === 0) return new Map();
    const rows = await this.rows<{ entity_key: string; after_json: string }>(
      `SELECT entity_key, argMax(after_json, seq) AS after_json FROM ${this.table} WHERE entity_key IN ${stringList(keys)} GROUP BY entity_key`,
    );
    return new Map(rows.map((r) => [r.entity_key, r.after_json]));
  }

  async append(rows: readonly AuditRow[]): Promise<void> {
    if (rows.length === 0) return;
    const insert = () => this.client.insert({ table: this.table, values: [...rows], format: 'JSONEachRow' });
    await (this.inserts ? this.inserts.timed(insert) : insert());
  }

  /** Verifies the platform chain (tenantId undefined) or one tenant's chain, page by page. */
  async verify(keys: ChainKeys, tenantId?: string): Promise<Verification> {
    const verifier = new ChainVerifier(keys, tenantId === undefined ? 'platform' : 'tenant');
    const where = tenantId === undefined ? '' : `WHERE chain_tenant_id = ${stringLiteral(tenantId)}`;
    const order = tenantId === undefined ? 'seq, recorded_at_ms, event_id' : 'tenant_seq, seq, event_id';
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.rows<AuditRow>(`SELECT * FROM ${this.table} ${where} ORDER BY ${order} LIMIT ${offset}, ${PAGE}`);
      for (const row of page) if (!verifier.check(normalize(row))) return verifier.result();
      if (page.length < PAGE) return verifier.result();
    }
  }

  /** One page of a tenant's entries, newest first (auditListSql), and whether more match. */
  async list(query: AuditListQuery): Promise<{ rows: AuditRow[]; hasMore: boolean }> {
    const limit = Math.min(Math.max(Math.trunc(query.limit), 1), MAX_AUDIT_PAGE);
    const rows = (await this.rows<AuditRow>(auditListSql(this.database, query))).map(normalize);
    return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
  }

  private async rows<T>(query: string): Promise<T[]> {
    return (await this.client.query({ query, format: 'JSONEachRow' })).json<T>();
  }
}

/** UInt64 columns may come back as strings depending on client settings; the MAC needs numbers. */
function normalize(row: AuditRow): AuditRow {
  return {
    ...row,
    seq: Number(row.seq),
    tenant_seq: Number(row.tenant_seq),
    occurred_at_ms: Number(row.occurred_at_ms),
    recorded_at_ms: Number(row.recorded_at_ms),
  };
}
