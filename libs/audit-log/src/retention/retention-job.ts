import type { ClickHouseClient } from '@clickhouse/client';
import { identifier, integerLiteral, stringLiteral } from '@switchyard/analytics-store';
import type { ConfigState, ManagedComponentLike } from './types';
import type { Log } from '@switchyard/platform';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The raw request logs (owned by metering) that per-tenant retention applies to. */
export const RAW_LOG_TABLES = ['request_events', 'usage_events'] as const;

export interface RetentionDeletion {
  readonly tenantId: string;
  readonly table: string;
  readonly cutoffMs: number;
  readonly rows: number;
}

/**
 * ClickHouse 18.16 has no TTL, so retention is a mutation per tenant and
 * table: ALTER TABLE … DELETE WHERE tenant_id = … AND occurred_at_ms < cutoff.
 * Mutations rewrite parts, so one is only issued when rows are due.
 */
export function retentionDelete(database: string, table: string, tenantId: string, cutoffMs: number): string {
  return `ALTER TABLE ${identifier(database)}.${identifier(table)} DELETE WHERE tenant_id = ${stringLiteral(tenantId)} AND occurred_at_ms < ${integerLiteral(cutoffMs)}`;
}

export function retentionDue(database: string, table: string, tenantId: string, cutoffMs: number): string {
  return `SELECT count() AS rows FROM ${identifier(database)}.${identifier(table)} WHERE tenant_id = ${stringLiteral(tenantId)} AND occurred_at_ms < ${integerLiteral(cutoffMs)}`;
}

/** Applies each tenant's raw_log_retention_days (or the platform default) on a timer. */
export class RetentionJob implements ManagedComponentLike {
  readonly name = 'retention-job';
  readonly stopPhase = 'intake' as const;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
    private readonly config: ConfigState,
    private readonly defaultDays: number,
    private readonly intervalMs: number,
    private readonly log: Log,
    private readonly now: () => number = Date.now,
  ) {}

  async start(): Promise<void> {
    this.timer = setInterval(() => {
      this.running = this.runOnce().catch((error: unknown) => this.log.error({ err: error }, 'retention run failed; next run retries'));
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  async runOnce(): Promise<RetentionDeletion[]> {
    const existing = await this.existingTables();
    const deletions: RetentionDeletion[] = [];
    for (const tenant of this.config.tenants.values()) {
      const days = tenant.rawLogRetentionDays > 0 ? tenant.rawLogRetentionDays : this.defaultDays;
      if (days <= 0) continue;
      const cutoffMs = this.now() - days * DAY_MS;
      for (const table of RAW_LOG_TABLES.filter((t) => existing.has(t))) {
        const [due] = await (
          await this.client.query({ query: retentionDue(this.database, table, tenant.id, cutoffMs), format: 'JSONEachRow' })
        ).json<{ rows: number | string }>();
        const rows = Number(due?.rows ?? 0);
        if (rows === 0) continue;
        await this.client.command({ query: retentionDelete(this.database, table, tenant.id, cutoffMs) });
        deletions.push({ tenantId: tenant.id, table, cutoffMs, rows });
        this.log.info({ tenantId: tenant.id, table, cutoffMs, rows, days }, 'raw request logs past retention deleted');
      }
    }
    return deletions;
  }

  private async existingTables(): Promise<Set<string>> {
    const rows = await (
      await this.client.query({
        query: `SELECT name FROM system.tables WHERE database = ${stringLiteral(this.database)}`,
        format: 'JSONEachRow',
      })
    ).json<{ name: string }>();
    return new Set(rows.map((r) => r.name));
  }
}
