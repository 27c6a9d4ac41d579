import { identifier, stringLiteral } from '@switchyard/analytics-store';
import type { AuditEntry, ListEntriesRequest } from '@switchyard/contracts';
import type { AuditRow } from '../chain/audit-entry';

export const AUDIT_ACTIONS = ['create', 'update', 'delete'] as const;
export const MAX_AUDIT_PAGE = 100;

/** One page of a tenant's audit log: filters are ANDed, entries come newest first. */
export interface AuditListQuery {
  readonly tenantId: string;
  /** occurred_at_ms >= fromMs; 0: no bound. */
  readonly fromMs: number;
  /** occurred_at_ms < toMs; 0: no bound. */
  readonly toMs: number;
  readonly action: string;
  readonly actorId: string;
  /** An entity kind ("api_key") or one entity's key ("api_key/key_…"). */
  readonly resource: string;
  readonly limit: number;
  /** Cursor: only entries below this tenant_seq; 0 starts at the newest. */
  readonly beforeTenantSeq: number;
}

/**
 * The page's SELECT, asking for one row more than the limit so the caller
 * knows whether there is a next page. Only the named tenant's chain is read.
 */
export function auditListSql(database: string, q: AuditListQuery, extra = 1): string {
  const where = [`chain_tenant_id = ${stringLiteral(q.tenantId)}`];
  if (q.fromMs > 0) where.push(`occurred_at_ms >= ${Math.trunc(q.fromMs)}`);
  if (q.toMs > 0) where.push(`occurred_at_ms < ${Math.trunc(q.toMs)}`);
  if (q.action) where.push(`action = ${stringLiteral(q.action)}`);
  if (q.actorId) where.push(`actor_id = ${stringLiteral(q.actorId)}`);
  if (q.resource) where.push(`${q.resource.includes('/') ? 'entity_key' : 'entity_kind'} = ${stringLiteral(q.resource)}`);
  if (q.beforeTenantSeq > 0) where.push(`tenant_seq < ${Math.trunc(q.beforeTenantSeq)}`);
  const limit = Math.min(Math.max(Math.trunc(q.limit), 1), MAX_AUDIT_PAGE) + extra;
  return `SELECT * FROM ${identifier(database)}.audit_log WHERE ${where.join(' AND ')} ORDER BY tenant_seq DESC LIMIT ${limit}`;
}

/** A stored row as the AuditQuery ListEntries message (the MAC key id and platform hashes stay inside). */
export function auditEntryMessage(row: AuditRow): AuditEntry {
  return {
    seq: row.seq,
    tenantSeq: row.tenant_seq,
    eventId: row.event_id,
    occurredAtMs: row.occurred_at_ms,
    recordedAtMs: row.recorded_at_ms,
    chainTenantId: row.chain_tenant_id,
    actorKind: row.actor_kind,
    actorId: row.actor_id,
    actorTenantId: row.actor_tenant_id,
    sourceIp: row.source_ip,
    requestId: row.request_id,
    operation: row.operation,
    action: row.action,
    entityKind: row.entity_kind,
    entityKey: row.entity_key,
    beforeJson: row.before_json,
    afterJson: row.after_json,
    tenantHash: row.tenant_hash,
  };
}

/** A ListEntries request as a store query; refuses what no page can answer (a missing tenant, a bad action). */
export function auditListQuery(request: ListEntriesRequest): AuditListQuery | string {
  if (!request.tenantId) return 'tenant_id is required';
  if (request.action && !(AUDIT_ACTIONS as readonly string[]).includes(request.action)) return `unknown action '${request.action}'`;
  return {
    tenantId: request.tenantId,
    fromMs: request.fromMs,
    toMs: request.toMs,
    action: request.action,
    actorId: request.actorId,
    resource: request.resource,
    limit: request.limit || 20,
    beforeTenantSeq: request.beforeTenantSeq,
  };
}
