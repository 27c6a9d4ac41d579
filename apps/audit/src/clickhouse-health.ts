import type { ClickHouseClient } from '@clickhouse/client';
import type { ManagedComponent } from '@switchyard/platform';

/** Pings ClickHouse in the background so /readyz can answer from a flag. */
export class ClickHouseHealth implements ManagedComponent {
  readonly name = 'clickhouse-health';
  readonly stopPhase = 'outlet' as const;
  private healthy = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly client: ClickHouseClient) {}

  isHealthy(): boolean {
    return this.healthy;
  }

  async start(): Promise<void> {
    await this.probe();
    this.timer = setInterval(() => void this.probe(), 2_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.client.close();
  }

  private async probe(): Promise<void> {
    this.healthy = await this.client.ping().then(
      (r) => r.success,
      () => false,
    );
  }
}
