import type { Stack } from '@switchyard/dev-tools';
import { runLoad } from '../load';
import { startHotPathStack } from '../hot-path-stack';
import { CpuTicks, cpuMicrosBetween, readCpuTicks } from '../process-cpu';
import { BenchScenario, numberArg } from '../scenario';

const BODY = JSON.stringify({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'Summarize the benefits of a gateway in one line.' }],
});

/**
 * The hot path's cost: the same fixed-rate load straight at the mock provider
 * and through ingress -> router -> provider-adapters -> mock, in one run.
 * The difference is what Switchyard adds.
 */
export const gatewayOverhead: BenchScenario = {
  name: 'gateway-overhead',
  description: 'Added latency (p50/p99) and throughput of ingress -> router -> provider-adapters over calling the provider directly',
  async run({ args, progress }) {
    const rate = numberArg(args, 'rate', 200);
    const duration = numberArg(args, 'duration', 10);
    const connections = numberArg(args, 'connections', 16);
    const { mock, stack, apiKey, stop } = await startHotPathStack(progress);
    try {
      const direct = {
        url: `${mock.url}/d/bench/v1/chat/completions`,
        headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench' },
        body: BODY,
      };
      const gateway = {
        url: `${stack.openAiBaseUrl}/chat/completions`,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
        body: BODY,
      };
      progress('warming up');
      await runLoad({ ...gateway, durationSeconds: 3, connections, rate });
      await runLoad({ ...direct, durationSeconds: 2, connections, rate });
      progress('one connection, one request at a time: direct, then through the gateway');
      const d1 = await runLoad({ ...direct, durationSeconds: 5, connections: 1, rate: 0 });
      const g1 = await runLoad({ ...gateway, durationSeconds: 5, connections: 1, rate: 0 });
      progress(`fixed rate ${rate} req/s for ${duration}s: direct, then through the gateway`);
      const d = await runLoad({ ...direct, durationSeconds: duration, connections, rate });
      const g = await runLoad({ ...gateway, durationSeconds: duration, connections, rate });
      const inside = await overheadQuantiles(stack.service('ingress').url);
      progress(`max throughput for ${duration}s through the gateway`);
      const cpuBefore = hotPathCpu(stack);
      const max = await runLoad({ ...gateway, durationSeconds: duration, connections: 64, rate: 0 });
      const cpuPerRequest = cpuTable(cpuBefore, hotPathCpu(stack), max.requests);
      const maxDirect = await runLoad({ ...direct, durationSeconds: duration, connections: 64, rate: 0 });
      return [
        {
          title: 'One connection, one request at a time, 5s (latency in ms)',
          rows: [
            { path: 'direct to mock provider', requests: d1.requests, p50: d1.p50, p99: d1.p99, mean: d1.mean },
            { path: 'through Switchyard', requests: g1.requests, p50: g1.p50, p99: g1.p99, mean: g1.mean },
            {
              path: 'added by Switchyard',
              requests: '',
              p50: g1.p50 - d1.p50,
              p99: g1.p99 - d1.p99,
              mean: Math.round((g1.mean - d1.mean) * 100) / 100,
            },
          ],
        },
        {
          title:
            'Measured inside Switchyard: switchyard_gateway_overhead_seconds (ingress time minus provider time), warm-up and fixed-rate runs',
          rows: inside.map((q) => ({ quantile: q.quantile, 'added (ms)': Math.round(q.seconds * 100_000) / 100 })),
          notes: [
            'This is what the three services add per request, including both gRPC hops and the event-loop queueing on this shared 2-core machine; it excludes the provider and the load generator.',
          ],
        },
        {
          title: `Fixed rate ${rate} req/s, ${connections} connections, ${duration}s, non-streaming chat (latency in ms)`,
          rows: [
            {
              path: 'direct to mock provider',
              requests: d.requests,
              errors: d.errors + d.non2xx,
              p50: d.p50,
              p90: d.p90,
              p99: d.p99,
              mean: d.mean,
            },
            {
              path: 'through Switchyard',
              requests: g.requests,
              errors: g.errors + g.non2xx,
              p50: g.p50,
              p90: g.p90,
              p99: g.p99,
              mean: g.mean,
            },
            {
              path: 'added by Switchyard',
              requests: '',
              errors: '',
              p50: g.p50 - d.p50,
              p90: g.p90 - d.p90,
              p99: g.p99 - d.p99,
              mean: Math.round((g.mean - d.mean) * 100) / 100,
            },
          ],
          notes: [
            'autocannon reports whole milliseconds for percentiles, so p50 differences below 1 ms show as 0 or 1.',
            'Everything shares 2 cores: the load generator, the mock provider and three services (each logging one JSON line per request).',
          ],
        },
        {
          title: `Max throughput, 64 connections, ${duration}s`,
          rows: [
            {
              path: 'direct to mock provider',
              'req/s': maxDirect.rps,
              p50: maxDirect.p50,
              p99: maxDirect.p99,
              errors: maxDirect.errors + maxDirect.non2xx,
            },
            { path: 'through Switchyard', 'req/s': max.rps, p50: max.p50, p99: max.p99, errors: max.errors + max.non2xx },
          ],
        },
        {
          title: `CPU time per request, max-throughput run through the gateway (${max.requests} requests, µs of user + system CPU)`,
          rows: cpuPerRequest,
          notes: [
            'utime + stime of each service process from /proc/<pid>/stat before and after the run, divided by the requests completed; /proc counts in clock ticks (10 ms per process).',
            "It includes each service's background work during the run (event publishing, logging, metrics), which is part of what a request costs.",
          ],
        },
      ];
    } finally {
      await stop();
    }
  },
};

export const HOT_PATH = ['ingress', 'router', 'provider-adapters'] as const;

/** CPU used so far by each hot-path service process. */
export function hotPathCpu(stack: Stack): CpuTicks[] {
  return HOT_PATH.map((name) => {
    const pid = stack.service(name).pid;
    if (pid === undefined) throw new Error(`${name} is not running`);
    return readCpuTicks(pid);
  });
}

function cpuTable(before: readonly CpuTicks[], after: readonly CpuTicks[], requests: number): Record<string, string | number>[] {
  const micros = HOT_PATH.map((_, i) => cpuMicrosBetween(before[i]!, after[i]!));
  const row = (service: string, us: number) => ({
    service,
    'CPU (ms)': Math.round(us / 1000),
    'µs/request': requests > 0 ? Math.round(us / requests) : '',
  });
  return [
    ...HOT_PATH.map((name, i) => row(name, micros[i]!)),
    row(
      'all three',
      micros.reduce((a, b) => a + b, 0),
    ),
  ];
}

/** p50/p90/p99 of the gateway-overhead summary ingress exports on /metrics. */
async function overheadQuantiles(ingressUrl: string): Promise<{ quantile: string; seconds: number }[]> {
  const text = await (await fetch(`${ingressUrl}/metrics`)).text();
  const out: { quantile: string; seconds: number }[] = [];
  for (const line of text.split('\n')) {
    const m = /^switchyard_gateway_overhead_seconds\{([^}]*)\} (\S+)$/.exec(line);
    if (!m || !m[1] || !m[2] || !m[1].includes('endpoint="chat.completions"')) continue;
    const quantile = /quantile="([0-9.]+)"/.exec(m[1])?.[1];
    if (quantile) out.push({ quantile: `p${Math.round(Number(quantile) * 100)}`, seconds: Number(m[2]) });
  }
  return out;
}
