import type { ClickHouseClient } from '@clickhouse/client';
import { identifier, stringList, stringLiteral } from './sql/sql-literals';

export interface EventRow {
  readonly event_id: string;
  readonly occurred_at_ms: number;
}

/**
 * Inserts only rows whose event_id is not stored yet (and each id once per
 * batch). Redelivered Kafka batches therefore never double a row, and the
 * materialized views fed by the insert never double-count. Safe as long as
 * one writer owns a partition at a time, which the consumer group ensures.
 */
export async function insertNewRows<R extends EventRow>(
  client: ClickHouseClient,
  database: string,
  table: string,
  rows: readonly R[],
): Promise<number> {
  const unique = new Map<string, R>();
  for (const row of rows) if (!unique.has(row.event_id)) unique.set(row.event_id, row);
  if (unique.size === 0) return 0;
  const target = `${identifier(database)}.${identifier(table)}`;
  const times = [...unique.values()].map((r) => r.occurred_at_ms);
  const fromDay = utcDate(Math.min(...times));
  const toDay = utcDate(Math.max(...times));
  const existing = await (
    await client.query({
      query: `SELECT event_id FROM ${target}
        WHERE day >= toDate(${stringLiteral(fromDay)}) AND day <= toDate(${stringLiteral(toDay)})
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
