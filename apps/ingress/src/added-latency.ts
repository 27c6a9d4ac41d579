import type { RoutingTrace } from '@switchyard/contracts';
import { Registry, Summary } from 'prom-client';

/**
 * What Switchyard itself added to a request: the time ingress spent on it
 * minus the time the provider took (measured in provider-adapters around the
 * upstream call). Only single-attempt, non-streaming successes are counted,
 * where that difference is exactly what Switchyard itself adds.
 */
export class AddedLatency {
  private readonly summary: Summary<'endpoint'>;

  constructor(metrics: Registry) {
    this.summary = new Summary({
      name: 'switchyard_gateway_overhead_seconds',
      help: 'Time Switchyard added to a request (ingress total minus provider time), single-attempt non-streaming successes.',
      labelNames: ['endpoint'],
      percentiles: [0.5, 0.9, 0.99],
      maxAgeSeconds: 300,
      ageBuckets: 5,
      registers: [metrics],
    });
  }

  observe(endpoint: string, elapsedMs: number, trace: RoutingTrace): void {
    if (trace.attempts !== 1) return;
    const upstreamUs = trace.attemptRecords[0]?.upstreamUs ?? 0;
    if (upstreamUs <= 0) return;
    this.summary.observe({ endpoint }, Math.max(0, elapsedMs * 1000 - upstreamUs) / 1_000_000);
  }
}
