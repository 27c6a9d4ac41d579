import { ConfigSeeder, Stack } from '@switchyard/dev-tools';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { LoadResult, runLoad } from '../load';
import { MockProcess } from '../mock-process';
import { BenchScenario, numberArg } from '../scenario';

const body = (model: string) =>
  JSON.stringify({ model, messages: [{ role: 'user', content: 'Summarize the benefits of a gateway in one line.' }] });

interface Phase {
  readonly path: string;
  readonly result: LoadResult;
  readonly failingCalls: number;
  /** The healthy run on the same stack, that "added" is measured against. */
  readonly baseline: LoadResult;
}

/**
 * What a failing deployment costs callers: the same fixed-rate load through
 * an alias whose primary is healthy, then through one whose primary answers
 * every call with 503 (the fallback serves), once with circuit breakers as
 * configured by default and once with breakers that never open (every request
 * pays the failed attempt before its instant failover).
 */
export const failover: BenchScenario = {
  name: 'failover',
  description:
    'Success rate and added latency through an alias whose primary deployment fails every call (with and without circuit breakers)',
  async run({ args, progress }) {
    const rate = numberArg(args, 'rate', 100);
    const duration = numberArg(args, 'duration', 10);
    const connections = numberArg(args, 'connections', 16);
    const mock = await MockProcess.start(resolve(__dirname, '../../../..'));
    try {
      await mock.configure('up', {});
      await mock.configure('down', { failRate: 1, failStatus: 503 });
      const phases: Phase[] = [];
      for (const variant of ['breakers', 'no-breakers'] as const) {
        const id = `bench_${randomBytes(3).toString('hex')}`;
        progress(`starting provider-adapters, router, ingress (${variant})`);
        const stack = await Stack.start({
          topicPrefix: `${id}.`,
          clickhouseDatabase: id,
          services: ['provider-adapters', 'router', 'ingress'],
          logLevel: 'warn',
          extraEnv: variant === 'no-breakers' ? { ROUTER_BREAKER_MIN_REQUESTS: '1000000000' } : {},
        });
        try {
          const seeder = await ConfigSeeder.connect(stack.kafkaSettings, stack.keyEncryptionKeys);
          await seeder.tenant('ten_bench');
          await seeder.credential('bench', 'openai', 'sk-bench');
          for (const name of ['up', 'down'])
            await seeder.deployment({
              id: name,
              model: 'gpt-4o-mini',
              provider: 'openai',
              baseUrl: `${mock.url}/d/${name}/v1`,
              credentialId: 'bench',
            });
          await seeder.alias('healthy', ['up']);
          await seeder.alias('primary-down', ['down', 'up']);
          const key = await seeder.issueKey('ten_bench');
          await seeder.close();
          await new Promise((r) => setTimeout(r, 1500));
          const target = (model: string) => ({
            url: `${stack.openAiBaseUrl}/chat/completions`,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${key.plaintext}` },
            body: body(model),
          });
          progress('warming up');
          await runLoad({ ...target('healthy'), durationSeconds: 3, connections, rate });
          await runLoad({ ...target('primary-down'), durationSeconds: 2, connections, rate });
          const label = variant === 'breakers' ? 'breakers on (default)' : 'breakers never open';
          progress(`healthy primary (${variant}): ${rate} req/s for ${duration}s`);
          const healthy = await runLoad({ ...target('healthy'), durationSeconds: duration, connections, rate });
          phases.push({ path: `healthy primary, ${label}`, result: healthy, failingCalls: 0, baseline: healthy });
          const before = await attemptsTo(stack, 'down');
          progress(`primary failing (${variant}): ${rate} req/s for ${duration}s`);
          const failing = await runLoad({ ...target('primary-down'), durationSeconds: duration, connections, rate });
          phases.push({
            path: `primary failing, ${label}`,
            result: failing,
            failingCalls: (await attemptsTo(stack, 'down')) - before,
            baseline: healthy,
          });
        } finally {
          await stack.stopAll();
        }
      }
      return [
        {
          title: `Fixed rate ${rate} req/s, ${connections} connections, ${duration}s per row, non-streaming chat (latency in ms)`,
          rows: phases.map(({ path, result: r, failingCalls, baseline }) => ({
            path,
            requests: r.requests,
            'success %': r.requests === 0 ? 0 : Math.round(((r.requests - r.errors - r.non2xx) / r.requests) * 10_000) / 100,
            'calls to failing deployment': failingCalls,
            p50: r.p50,
            p90: r.p90,
            p99: r.p99,
            'added p50': r.p50 - baseline.p50,
            'added p99': r.p99 - baseline.p99,
          })),
          notes: [
            '"added" is relative to the healthy primary on the same stack (measured just before): what a failing primary costs each caller.',
            'The failing primary answers 503 at once, so the cost is one extra round trip through provider-adapters to the mock; a primary that times out costs up to its timeout per request until its breaker opens.',
            'With breakers on, the failing deployment gets the first few calls (ROUTER_BREAKER_MIN_REQUESTS) and then one half-open probe per ROUTER_BREAKER_RESET_MS; everything else goes straight to the fallback.',
            'Everything shares 2 cores: the load generator, the mock provider and three services.',
          ],
        },
      ];
    } finally {
      mock.stop();
    }
  },
};

/** Attempts the router sent to a deployment so far, from its switchyard_router_attempts_total counter. */
async function attemptsTo(stack: Stack, deployment: string): Promise<number> {
  const text = await (await fetch(`${stack.service('router').url}/metrics`)).text();
  let total = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('switchyard_router_attempts_total{') && line.includes(`deployment="${deployment}"`))
      total += Number(line.split(' ').pop());
  }
  return total;
}
