import type { ClickHouseClient } from '@clickhouse/client';
import type { InsertMetrics } from './insert-metrics';
import { identifier, integerLiteral, stringList, stringLiteral } from './sql/sql-literals';

export interface EventRow {
  readonly event_id: string;
  readonly occurred_at_ms: number;
  readonly tenant_id?: string;
}

/**
 * Inserts only rows whose event_id is not stored yet (and each id once per
 * batch). Redelivered Kafka batches therefore never double a row, and the
 * materialized views fed by the insert never double-count. Safe as long as
 * one writer owns a partition at a time, which the consumer group ensures.
 *
 * A stored copy of an event has the event's tenant and time, so the lookup is
 * narrowed to the batch's tenants and time span: with the tables ordered by
 * (tenant_id, ts, event_id) it reads a few granules, not the whole day.
 */
export async function insertNewRows<R extends EventRow>(
  client: ClickHouseClient,
  database: string,
  table: string,
  rows: readonly R[],
  metrics?: InsertMetrics,
): Promise<number> {
  return metrics ? metrics.timed(() => insertNew(client, database, table, rows)) : insertNew(client, database, table, rows);
}

async function insertNew<R extends EventRow>(
  client: ClickHouseClient,
  database: string,
  table: string,
  rows: readonly R[],
): Promise<number> {
  const unique = new Map<string, R>();
  for (const row of rows) if (!unique.has(row.event_id)) unique.set(row.event_id, row);
  if (unique.size === 0) return 0;
  const target = `${identifier(database)}.${identifier(table)}`;
  let minMs = Number.POSITIVE_INFINITY;
  let maxMs = 0;
  const tenants = new Set<string>();
  for (const r of unique.values()) {
    minMs = Math.min(minMs, r.occurred_at_ms);
    maxMs = Math.max(maxMs, r.occurred_at_ms);
    if (r.tenant_id !== undefined) tenants.add(r.tenant_id);
  }
  const byTenant =
    tenants.size > 0 && [...unique.values()].every((r) => r.tenant_id !== undefined) ? `AND tenant_id IN ${stringList([...tenants])}` : '';
  const existing = await (
    await client.query({
      query: `SELECT event_id FROM ${target}
        WHERE day >= toDate(${stringLiteral(utcDate(minMs))}) AND day <= toDate(${stringLiteral(utcDate(maxMs))})
          ${byTenant}
          AND ts >= toDateTime(${integerLiteral(Math.floor(minMs / 1000))}) AND ts <= toDateTime(${integerLiteral(Math.floor(maxMs / 1000))})
          AND event_id IN ${stringList([...unique.keys()])}`,
      format: 'JSONEachRow',
    })
  ).json<{ event_id: string }>();
  for (const { event_id } of existing) unique.delete(event_id);
  if (unique.size === 0) return 0;
  await client.insert({ table: target, values: [...unique.values()], format: 'JSONEachRow' });
  return unique.size;
}

function utcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
