import { LATENCY_BUCKETS_SECONDS, sharedMetric } from '@switchyard/platform';
import { Counter, Histogram, Registry } from 'prom-client';

const DURATION = 'switchyard_clickhouse_insert_duration_seconds';
const FAILURES = 'switchyard_clickhouse_insert_failures_total';

/**
 * Times every ClickHouse write of a service, per table: the duration of each
 * insert (for insertNewRows, its existing-id lookup plus the INSERT) and the
 * inserts that threw. One instance per registry's table, children pre-bound.
 */
export class InsertMetrics {
  private readonly duration: ReturnType<Histogram<'table'>['labels']>;
  private readonly failures: ReturnType<Counter<'table'>['labels']>;

  constructor(registry: Registry, table: string) {
    const duration = sharedMetric(
      registry,
      DURATION,
      () =>
        new Histogram({
          name: DURATION,
          help: 'ClickHouse inserts by table, in seconds (failed ones included).',
          labelNames: ['table'],
          buckets: LATENCY_BUCKETS_SECONDS,
          registers: [registry],
        }),
    );
    const failures = sharedMetric(
      registry,
      FAILURES,
      () =>
        new Counter({ name: FAILURES, help: 'ClickHouse inserts that failed, by table.', labelNames: ['table'], registers: [registry] }),
    );
    this.duration = duration.labels({ table });
    this.failures = failures.labels({ table });
    // Present at 0 from the start, so rate() and alerts see the first failure.
    this.failures.inc(0);
  }

  async timed<T>(insert: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await insert();
    } catch (error) {
      this.failures.inc();
      throw error;
    } finally {
      this.duration.observe((performance.now() - started) / 1000);
    }
  }
}
