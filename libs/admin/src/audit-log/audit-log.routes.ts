import { ApiError } from '@switchyard/api-errors';
import type { AuditEntry } from '@switchyard/contracts';
import { unavailable } from '../http/admin-errors';
import { route } from '../http/admin-route';
import type { AdminCall, AdminQuery, AuditLogReader } from '../http/admin-route';
import { listSchema, objectSchema, S } from '../http/views';
import { requireTenant } from '../tenants/tenant.routes';
import type { JsonSchema } from '../validation/schema';

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;
const ACTIONS = ['create', 'update', 'delete'];

const ENTRY_SCHEMA = objectSchema({
  seq: { type: 'integer', description: "Position in the tenant's chain (the cursor for `after`)" },
  platform_seq: S.int,
  event_id: S.string,
  occurred_at_ms: S.int,
  recorded_at_ms: S.int,
  actor: objectSchema({ kind: S.string, id: S.string, tenant_id: S.string }),
  source_ip: S.string,
  request_id: S.string,
  operation: S.string,
  action: { enum: ACTIONS },
  resource: objectSchema({ kind: S.string, key: S.string }),
  before: { type: ['object', 'null'] },
  after: { type: ['object', 'null'] },
  hash: S.string,
});

const PAGE_SCHEMA: JsonSchema = {
  ...listSchema(ENTRY_SCHEMA),
  properties: { ...(listSchema(ENTRY_SCHEMA)['properties'] as object), has_more: S.bool, next_after: { type: ['integer', 'null'] } },
};

const CHAIN_SCHEMA = objectSchema({
  object: { const: 'audit_chain_status' },
  tenant_id: S.string,
  intact: S.bool,
  entries_checked: S.int,
  first_broken_seq: S.int,
  detail: S.string,
});

const TIME = { type: 'string', description: 'Epoch milliseconds or an ISO-8601 time' };

function reader(call: AdminCall<unknown>): AuditLogReader {
  if (!call.deps.auditLog) throw unavailable('The audit log is not reachable from this ingress (AUDIT_ADDRESS is empty).');
  return call.deps.auditLog;
}

/** The audit service did not answer: a 503, never the gRPC error's text. */
async function fromAudit<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch {
    throw new ApiError(503, 'server_error', 'audit_unavailable', 'The audit log could not be read; retry the request.');
  }
}

function time(query: AdminQuery, name: string): number {
  const raw = query[name];
  if (raw === undefined || raw === '') return 0;
  const ms = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isSafeInteger(ms) || ms < 0)
    throw ApiError.invalidRequest(`Invalid '${name}': epoch milliseconds or an ISO-8601 time.`, name);
  return ms;
}

function positive(query: AdminQuery, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = query[name];
  if (raw === undefined || raw === '') return fallback;
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > max)
    throw ApiError.invalidRequest(`Invalid '${name}': an integer from 1 to ${max === Number.MAX_SAFE_INTEGER ? 'any' : max}.`, name);
  return n;
}

function parsedJson(text: string): unknown {
  return text ? (JSON.parse(text) as unknown) : null;
}

function entryView(e: AuditEntry) {
  return {
    seq: e.tenantSeq,
    platform_seq: e.seq,
    event_id: e.eventId,
    occurred_at_ms: e.occurredAtMs,
    recorded_at_ms: e.recordedAtMs,
    actor: { kind: e.actorKind, id: e.actorId, tenant_id: e.actorTenantId },
    source_ip: e.sourceIp,
    request_id: e.requestId,
    operation: e.operation,
    action: e.action,
    resource: { kind: e.entityKind, key: e.entityKey },
    before: parsedJson(e.beforeJson),
    after: parsedJson(e.afterJson),
    hash: e.tenantHash,
  };
}

/** A tenant's own audit log, read from the audit service (AuditQuery); the audit service's REST stays operator-only. */
export const auditLogRoutes = [
  route({
    method: 'GET',
    path: '/tenants/{tenantId}/audit-log',
    permission: 'audit.read',
    tag: 'audit-log',
    summary: "The tenant's audit log, newest first: who changed what, when, from where, with before and after",
    query: {
      from: { description: 'Entries that occurred at or after this time', schema: TIME },
      to: { description: 'Entries that occurred before this time', schema: TIME },
      action: { description: 'Only this action', schema: { enum: ACTIONS } },
      actor: { description: "Only this actor's id (a user id, or bootstrap)", schema: S.string },
      resource: { description: 'An entity kind (api_key) or one entity (api_key/key_…)', schema: S.string },
      limit: { description: `Page size, 1 to ${MAX_LIMIT} (default ${DEFAULT_LIMIT})`, schema: S.int },
      after: { description: 'Cursor: the next_after of the previous page (entries older than that seq)', schema: S.int },
    },
    response: PAGE_SCHEMA,
    handle: async (call) => {
      const tenant = requireTenant(call);
      const q = call.query;
      const action = q['action'] ?? '';
      if (action && !ACTIONS.includes(action)) throw ApiError.invalidRequest(`Invalid 'action': one of ${ACTIONS.join(', ')}.`, 'action');
      const limit = positive(q, 'limit', DEFAULT_LIMIT, MAX_LIMIT);
      const page = await fromAudit(
        reader(call).list({
          tenantId: tenant.id,
          fromMs: time(q, 'from'),
          toMs: time(q, 'to'),
          action,
          actorId: q['actor'] ?? '',
          resource: q['resource'] ?? '',
          limit,
          beforeTenantSeq: positive(q, 'after', 0),
        }),
      );
      const data = page.entries.map(entryView);
      const last = data[data.length - 1];
      return { object: 'list', data, has_more: page.hasMore, next_after: page.hasMore && last ? last.seq : null };
    },
  }),
  route({
    method: 'GET',
    path: '/tenants/{tenantId}/audit-log/verify',
    permission: 'audit.read',
    tag: 'audit-log',
    summary: "Verify the tenant's hash chain: intact, or the first entry that was altered",
    response: CHAIN_SCHEMA,
    handle: async (call) => {
      const tenant = requireTenant(call);
      const v = await fromAudit(reader(call).verify(tenant.id));
      return {
        object: 'audit_chain_status',
        tenant_id: tenant.id,
        intact: v.intact,
        entries_checked: v.entriesChecked,
        first_broken_seq: v.firstBrokenSeq,
        detail: v.detail,
      };
    },
  }),
];
