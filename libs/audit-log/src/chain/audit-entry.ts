/** One row of audit_log. Column names are the table's. */
export interface AuditRow {
  seq: number;
  event_id: string;
  occurred_at_ms: number;
  recorded_at_ms: number;
  chain_tenant_id: string;
  tenant_seq: number;
  actor_kind: string;
  actor_id: string;
  actor_tenant_id: string;
  source_ip: string;
  request_id: string;
  operation: string;
  action: string;
  entity_kind: string;
  entity_key: string;
  before_json: string;
  after_json: string;
  mac_key_id: string;
  prev_hash: string;
  hash: string;
  tenant_prev_hash: string;
  tenant_hash: string;
}

/** What an entry says, before it is placed in the chains. */
export type AuditFacts = Omit<
  AuditRow,
  'seq' | 'tenant_seq' | 'recorded_at_ms' | 'mac_key_id' | 'prev_hash' | 'hash' | 'tenant_prev_hash' | 'tenant_hash'
>;

/**
 * The bytes a link's MAC covers: every column that carries meaning, in a fixed
 * order (recorded_at_ms included, so even the recording time can't be moved).
 */
export function canonicalEntry(row: Omit<AuditRow, 'prev_hash' | 'hash' | 'tenant_prev_hash' | 'tenant_hash'>): string {
  return JSON.stringify([
    row.seq,
    row.event_id,
    row.occurred_at_ms,
    row.recorded_at_ms,
    row.chain_tenant_id,
    row.tenant_seq,
    row.actor_kind,
    row.actor_id,
    row.actor_tenant_id,
    row.source_ip,
    row.request_id,
    row.operation,
    row.action,
    row.entity_kind,
    row.entity_key,
    row.before_json,
    row.after_json,
    row.mac_key_id,
  ]);
}
