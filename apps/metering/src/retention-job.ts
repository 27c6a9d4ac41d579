import type { ClickHouseClient } from '@clickhouse/client';
import { dropExpiredPartitions } from '@switchyard/analytics-store';
import type { Log, ManagedComponent } from '@switchyard/platform';

/** Drops expired day partitions at start and then every interval (see docs/analytics.md, "Retention"). */
export class RetentionJob implements ManagedComponent {
  readonly name = 'retention-job';
  readonly stopPhase = 'outlet' as const;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly clickhouse: ClickHouseClient,
    private readonly database: string,
    private readonly keepDays: Record<string, number>,
    private readonly intervalMs: number,
    private readonly log: Log,
  ) {}

  async start(): Promise<void> {
    await this.run();
    this.timer = setInterval(() => void this.run(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
  }

  private async run(): Promise<void> {
    try {
      await dropExpiredPartitions(this.clickhouse, this.database, this.keepDays, Date.now(), this.log);
    } catch (error) {
      // Retention is housekeeping: a failure is logged and retried next interval.
      this.log.warn({ err: error }, 'retention job failed');
    }
  }
}
