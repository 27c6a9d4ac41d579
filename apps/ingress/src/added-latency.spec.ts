import { AttemptRecord, RoutingTrace } from '@switchyard/contracts';
import { Registry } from 'prom-client';
import { AddedLatency } from './added-latency';

function trace(attempts: number, upstreamUs: number[], queueWaitMs = 0): RoutingTrace {
  return RoutingTrace.fromPartial({
    attempts,
    queueWaitMs,
    attemptRecords: upstreamUs.map((us) => AttemptRecord.fromPartial({ upstreamUs: us })),
  });
}

async function observed(registry: Registry): Promise<{ count: number; sum: number }> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === 'switchyard_gateway_overhead_seconds');
  // A summary's JSON values name their series (_count, _sum), which MetricValue's type leaves out.
  const value = (name: string) => metric?.values.find((v) => (v as { metricName?: string }).metricName === name)?.value ?? 0;
  return { count: value('switchyard_gateway_overhead_seconds_count'), sum: value('switchyard_gateway_overhead_seconds_sum') };
}

describe('AddedLatency', () => {
  it("observes the time ingress took beyond the provider's own time", async () => {
    const registry = new Registry();
    new AddedLatency(registry).observe('chat.completions', 250, trace(1, [247_500]));
    const { count, sum } = await observed(registry);
    expect(count).toBe(1);
    expect(sum).toBeCloseTo(0.0025, 9);
  });

  it('skips retried requests and requests without a provider time, where the difference is not what Switchyard adds', async () => {
    const registry = new Registry();
    const overhead = new AddedLatency(registry);
    overhead.observe('chat.completions', 900, trace(2, [300_000, 500_000]));
    overhead.observe('chat.completions', 10, trace(1, [0]));
    overhead.observe('chat.completions', 10, trace(0, []));
    expect((await observed(registry)).count).toBe(0);
  });

  it('never observes a negative overhead', async () => {
    const registry = new Registry();
    new AddedLatency(registry).observe('embeddings', 1, trace(1, [5_000]));
    expect(await observed(registry)).toEqual({ count: 1, sum: 0 });
  });

  it('leaves rate-limit queue wait out of overhead and reports it as its own histogram', async () => {
    const registry = new Registry();
    new AddedLatency(registry).observe('chat.completions', 2_260, trace(1, [250_000], 2_000));
    expect((await observed(registry)).sum).toBeCloseTo(0.01, 9);
    const text = await registry.metrics();
    expect(text).toContain('switchyard_gateway_queue_wait_seconds_sum{endpoint="chat.completions"} 2');
    expect(text).toContain('switchyard_gateway_queue_wait_seconds_bucket{le="1",endpoint="chat.completions"} 0');
    expect(text).toContain('switchyard_gateway_queue_wait_seconds_bucket{le="2",endpoint="chat.completions"} 1');
  });
});
