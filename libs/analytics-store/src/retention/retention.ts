import type { ClickHouseClient } from '@clickhouse/client';
import type { Log } from '@switchyard/platform';
import { identifier, integerLiteral, stringLiteral } from '../sql/sql-literals';

/** How many whole UTC days each kind of table keeps. */
export interface RetentionDays {
  readonly raw: number;
  readonly minute: number;
  readonly hour: number;
  readonly day: number;
}

export const DEFAULT_RETENTION_DAYS: RetentionDays = { raw: 90, minute: 14, hour: 400, day: 1830 };

/** Table -> days kept, for every table partitioned by toYYYYMMDD(day). */
export function retentionByTable(days: RetentionDays): Record<string, number> {
  return {
    usage_events: days.raw,
    request_events: days.raw,
    usage_by_minute: days.minute,
    requests_by_minute: days.minute,
    usage_by_hour: days.hour,
    requests_by_hour: days.hour,
    usage_by_day: days.day,
    requests_by_day: days.day,
  };
}

/**
 * Day partitions ("YYYYMMDD") entirely older than `keepDays` days before today
 * (UTC): with keepDays = 1, yesterday and older go and today stays.
 */
export function expiredPartitions(partitions: readonly string[], keepDays: number, nowMs: number): string[] {
  const today = new Date(nowMs);
  const cutoff = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - (keepDays - 1) * 86_400_000;
  return partitions.filter((p) => {
    const m = /^(\d{4})(\d{2})(\d{2})$/.exec(p);
    return m !== null && Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) < cutoff;
  });
}

export interface DroppedPartition {
  readonly table: string;
  readonly partition: string;
}

/**
 * Retention without TTL: ClickHouse 18.16 has no TTL, and dropping a whole
 * day partition is a metadata operation (no merge rewrites rows), exact to
 * the day, and lets raw tables and each rollup keep their own horizon.
 */
export async function dropExpiredPartitions(
  client: ClickHouseClient,
  database: string,
  keep: Record<string, number>,
  nowMs: number,
  log: Log,
): Promise<DroppedPartition[]> {
  const rows = await (
    await client.query({
      query: `SELECT DISTINCT table, partition FROM system.parts WHERE active AND database = ${stringLiteral(database)}`,
      format: 'JSONEachRow',
    })
  ).json<{ table: string; partition: string }>();
  const dropped: DroppedPartition[] = [];
  for (const [table, days] of Object.entries(keep)) {
    const partitions = rows.filter((r) => r.table === table).map((r) => r.partition);
    for (const partition of expiredPartitions(partitions, days, nowMs).sort()) {
      await client.command({
        query: `ALTER TABLE ${identifier(database)}.${identifier(table)} DROP PARTITION ${integerLiteral(Number(partition))}`,
      });
      dropped.push({ table, partition });
    }
  }
  if (dropped.length > 0) log.info({ dropped }, 'dropped expired ClickHouse partitions');
  return dropped;
}
