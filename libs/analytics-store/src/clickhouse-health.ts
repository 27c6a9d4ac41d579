import type { ClickHouseClient } from '@clickhouse/client';
import type { ManagedComponent } from '@switchyard/platform';
import { clickhousePing } from './clickhouse-client';

/** Pings ClickHouse in the background so a service's /readyz can answer from a flag; closes the client on stop. */
export class ClickHouseHealth implements ManagedComponent {
  readonly name = 'clickhouse-health';
  readonly stopPhase = 'outlet' as const;
  private healthy = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: ClickHouseClient,
    private readonly intervalMs = 2_000,
  ) {}

  isHealthy(): boolean {
    return this.healthy;
  }

  async start(): Promise<void> {
    await this.probe();
    this.timer = setInterval(() => void this.probe(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.client.close();
  }

  private async probe(): Promise<void> {
    try {
      this.healthy = await clickhousePing(this.client);
    } catch {
      this.healthy = false;
    }
  }
}
