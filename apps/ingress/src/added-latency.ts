import type { RoutingTrace } from '@switchyard/contracts';
import { Histogram, Registry, Summary } from 'prom-client';

/**
 * What Switchyard itself added to a request: the time ingress spent on it
 * minus the time the provider took (measured in provider-adapters around the
 * upstream call) and minus the time it waited in a deployment's rate-limit
 * queue (the provider's limit, not Switchyard's cost), which is published on
 * its own as switchyard_gateway_queue_wait_seconds. Only single-attempt,
 * non-streaming successes count towards overhead, where that difference is
 * exactly what Switchyard itself adds.
 */
export class AddedLatency {
  private readonly summary: Summary<'endpoint'>;
  private readonly queueWait: Histogram<'endpoint'>;

  constructor(metrics: Registry) {
    this.summary = new Summary({
      name: 'switchyard_gateway_overhead_seconds',
      help: 'Time Switchyard added to a request (ingress total minus provider time and rate-limit queue wait), single-attempt non-streaming successes.',
      labelNames: ['endpoint'],
      percentiles: [0.5, 0.9, 0.99],
      maxAgeSeconds: 300,
      ageBuckets: 5,
      registers: [metrics],
    });
    this.queueWait = new Histogram({
      name: 'switchyard_gateway_queue_wait_seconds',
      help: "Time a served non-streaming request waited for a deployment's rate-limit capacity (0 when it did not wait).",
      labelNames: ['endpoint'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers: [metrics],
    });
  }

  observe(endpoint: string, elapsedMs: number, trace: RoutingTrace): void {
    this.queueWait.observe({ endpoint }, trace.queueWaitMs / 1000);
    if (trace.attempts !== 1) return;
    const upstreamUs = trace.attemptRecords[0]?.upstreamUs ?? 0;
    if (upstreamUs <= 0) return;
    const addedUs = elapsedMs * 1000 - upstreamUs - trace.queueWaitMs * 1000;
    this.summary.observe({ endpoint }, Math.max(0, addedUs) / 1_000_000);
  }
}
