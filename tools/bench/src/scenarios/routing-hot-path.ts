import { ChatRequest, ChatResponse, ChatRole, ConfigEvent, Deployment, RequestContext, Usage } from '@switchyard/contracts';
import type { AttemptPort } from '@switchyard/routing';
import { ConfigState } from '@switchyard/control-plane';
import { createRouting, DEFAULT_ROUTING_SETTINGS } from '@switchyard/routing';
import { BenchScenario, numberArg } from '../scenario';

/** provider-adapters answering instantly: what is left is the router's own work. */
const instantPort: AttemptPort = {
  invoke: async (request) => ({
    outcome: {
      $case: 'response',
      response: ChatResponse.fromPartial({
        model: request.target!.upstreamModel,
        usage: Usage.fromPartial({ inputTokens: 20, outputTokens: 10 }),
      }),
    },
    latencyMs: 0,
    rateLimit: undefined,
    upstreamUs: 0,
  }),
  invokeStream: async function* () {
    // not measured
  },
  embed: async () => ({ outcome: undefined, latencyMs: 0, rateLimit: undefined, upstreamUs: 0 }),
  moderate: async () => ({ outcome: undefined, latencyMs: 0, rateLimit: undefined, upstreamUs: 0 }),
  countTokens: async () => ({ outcome: undefined, latencyMs: 0, rateLimit: undefined, upstreamUs: 0 }),
  transcribe: async () => ({ outcome: undefined, latencyMs: 0, rateLimit: undefined, upstreamUs: 0 }),
  generateImage: async () => ({ outcome: undefined, latencyMs: 0, rateLimit: undefined, upstreamUs: 0 }),
  audioStream: async function* () {
    // not measured
  },
};

/**
 * The router's per-request cost in process, without the network: feature
 * route, allow-lists, planning and ranking over a realistic catalog (with
 * live figures), rate-limit buckets, breakers, A/B assignment and trace.
 */
export const routingHotPath: BenchScenario = {
  name: 'routing-hot-path',
  description: 'Microseconds the router spends per request (planning, ranking, throttles, breakers, A/B) with an instant provider',
  async run({ args, progress }) {
    const requests = numberArg(args, 'requests', 20_000);
    const state = new ConfigState();
    const apply = (entity: NonNullable<ConfigEvent['entity']>) => state.apply(ConfigEvent.fromPartial({ entity }));
    const models = ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-nano', 'gpt-4.1-mini', 'o4-mini'];
    for (let i = 0; i < 30; i++) {
      const model = models[i % models.length]!;
      apply({
        $case: 'deployment',
        deployment: Deployment.fromPartial({
          id: `d${i}`,
          model,
          provider: 'openai',
          upstreamModel: model,
          // One class, so the policies rank all 30 deployments (a policy never ranks across classes).
          modelClass: 'chat',
          baseUrl: `http://mock/d/d${i}/v1`,
          region: ['us-east', 'eu-west', 'ap-south'][i % 3]!,
          enabled: true,
          rpmLimit: 1_000_000,
          tpmLimit: 1_000_000_000,
          capabilities: { chat: true, streaming: true, tools: true, jsonMode: true },
          price: { inputMicroUsd: 100_000 + i * 10_000, outputMicroUsd: 400_000 + i * 40_000 },
        }),
      });
    }
    apply({
      $case: 'alias',
      alias: {
        id: 'chat-default',
        tenantId: '',
        description: '',
        chain: ['gpt-4o-mini', 'gpt-4o'],
        policy: 'reliable',
        createdAtMs: 0,
        updatedAtMs: 0,
      },
    });
    apply({
      $case: 'experiment',
      experiment: {
        id: 'x',
        aliasId: 'chat-default',
        tenantId: '',
        enabled: true,
        createdAtMs: 0,
        updatedAtMs: 0,
        arms: [
          { name: 'a', target: 'gpt-4o-mini', weight: 50, shadow: false, shadowPercent: 0 },
          { name: 'b', target: 'gpt-4.1-mini', weight: 50, shadow: false, shadowPercent: 0 },
        ],
      },
    });
    const routing = createRouting(state, instantPort, DEFAULT_ROUTING_SETTINGS);
    const requestFor = (model: string) =>
      ChatRequest.fromPartial({
        model,
        messages: [
          {
            role: ChatRole.CHAT_ROLE_USER,
            content: [{ part: { $case: 'text', text: 'Summarize the benefits of a gateway in one line.' } }],
          },
        ],
      });
    const measure = async (model: string): Promise<{ mean: number; p99: number }> => {
      const request = requestFor(model);
      const times: number[] = [];
      for (let i = 0; i < requests; i++) {
        const context = RequestContext.fromPartial({
          requestId: `r${i}`,
          tenantId: 'ten',
          endUser: `u${i % 500}`,
          deadlineAtMs: Date.now() + 60_000,
        });
        const started = performance.now();
        await routing.executor.chat({ context, request });
        times.push((performance.now() - started) * 1000);
      }
      times.sort((a, b) => a - b);
      return {
        mean: Math.round(times.reduce((s, t) => s + t, 0) / times.length),
        p99: Math.round(times[Math.floor(times.length * 0.99)]!),
      };
    };
    const rows = [];
    for (const [label, model] of [
      ['concrete model (6 deployments)', 'gpt-4o-mini'],
      ['alias with A/B experiment', 'chat-default'],
      ['policy:cheapest (30 deployments)', 'policy:cheapest'],
      ['policy:fastest (30 deployments)', 'policy:fastest'],
    ] as const) {
      progress(`${label}: ${requests} requests`);
      await measure(model);
      const { mean, p99 } = await measure(model);
      rows.push({ request: label, 'mean µs': mean, 'p99 µs': p99 });
    }
    routing.shutdown();
    return [
      {
        title: `Router work per request, in process, instant provider (${requests} requests each, after a warm-up pass)`,
        rows,
        notes: [
          'Includes a resolved promise per await and building the trace; excludes gRPC and JSON (see gateway-overhead for the whole path).',
        ],
      },
    ];
  },
};
