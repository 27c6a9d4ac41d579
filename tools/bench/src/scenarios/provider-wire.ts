import { ChatRequest, ChatRole, DeploymentTarget, ToolChoiceMode } from '@switchyard/contracts';
import { startMockProvider } from '@switchyard/mock-provider';
import { FamilyCodec, FamilyRegistry, readBody, UpstreamClient, UpstreamCredential } from '@switchyard/providers';
import { BenchScenario, numberArg } from '../scenario';

const AWS_SECRET = 'bench-aws-secret';

interface FamilyFixture {
  readonly baseUrl: (mock: string) => string;
  readonly upstreamModel: string;
  readonly credential: UpstreamCredential;
}

const FAMILIES: Record<string, FamilyFixture> = {
  openai: { baseUrl: (m) => `${m}/v1`, upstreamModel: 'gpt-4o-mini', credential: { apiKey: 'sk-bench', extras: {} } },
  'azure-openai': { baseUrl: (m) => m, upstreamModel: 'gpt-4o', credential: { apiKey: 'azure-bench', extras: {} } },
  anthropic: { baseUrl: (m) => `${m}/v1`, upstreamModel: 'claude-sonnet-4-5', credential: { apiKey: 'sk-ant-bench', extras: {} } },
  gemini: { baseUrl: (m) => `${m}/v1beta`, upstreamModel: 'gemini-2.5-flash', credential: { apiKey: 'gemini-bench', extras: {} } },
  bedrock: {
    baseUrl: (m) => m,
    upstreamModel: 'anthropic.claude-3-5-haiku-20241022-v1:0',
    credential: { apiKey: 'AKIDBENCH', extras: { secretAccessKey: AWS_SECRET } },
  },
  'openai-compatible': {
    baseUrl: (m) => `${m}/v1`,
    upstreamModel: 'mistral-small-latest',
    credential: { apiKey: 'compat-bench', extras: {} },
  },
  ollama: { baseUrl: (m) => m, upstreamModel: 'llama3.2', credential: { apiKey: '', extras: {} } },
};

const REQUEST = ChatRequest.fromPartial({
  model: 'bench',
  messages: [
    { role: ChatRole.CHAT_ROLE_SYSTEM, content: [{ part: { $case: 'text', text: 'You are a concise assistant for a support team.' } }] },
    {
      role: ChatRole.CHAT_ROLE_USER,
      content: [{ part: { $case: 'text', text: 'Summarize the last three tickets about billing in two sentences.' } }],
    },
  ],
  tools: [
    { name: 'search_tickets', description: 'Search tickets', parametersJson: '{"type":"object","properties":{"q":{"type":"string"}}}' },
  ],
  // Tools are offered (so their mapping is measured) but not called: the reply is text.
  toolChoice: { mode: ToolChoiceMode.TOOL_CHOICE_MODE_NONE, functionName: '' },
});

function timeUs(iterations: number, run: () => void): number {
  for (let i = 0; i < Math.min(200, iterations); i++) run();
  const started = performance.now();
  for (let i = 0; i < iterations; i++) run();
  return Math.round((((performance.now() - started) * 1000) / iterations) * 10) / 10;
}

/**
 * What each provider family's mapping costs on the hot path, without the
 * network: building the upstream request (incl. SigV4 for Bedrock), mapping a
 * complete answer, and decoding a whole stream (SSE, NDJSON or AWS
 * event-stream). The provider bytes are real: captured once from the mock
 * provider, then replayed through the adapter in a loop.
 */
export const providerWire: BenchScenario = {
  name: 'provider-wire',
  description: 'Per-family CPU cost of request building, response mapping and stream decoding (no network)',
  async run({ args, progress }) {
    const iterations = numberArg(args, 'iterations', 2000);
    const words = numberArg(args, 'words', 60);
    const mock = await startMockProvider({ awsSecretAccessKey: AWS_SECRET, behaviour: { replyWords: words } });
    const client = new UpstreamClient(4);
    const registry = FamilyRegistry.builtIn();
    const rows: Record<string, string | number>[] = [];
    try {
      for (const [family, fixture] of Object.entries(FAMILIES)) {
        const adapter = registry.get(family) as FamilyCodec;
        const target = DeploymentTarget.fromPartial({
          deploymentId: `bench-${family}`,
          provider: family,
          upstreamModel: fixture.upstreamModel,
          baseUrl: fixture.baseUrl(mock.url),
        });
        const request = REQUEST;
        progress(`${family}: capturing a response and a stream from the mock provider`);
        const capture = async (
          stream: boolean,
        ): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; chunks: Buffer[] }> => {
          const res = await client.send(
            adapter.chatRequest(target, request, fixture.credential, stream),
            { firstByteMs: 10_000, idleMs: 10_000 },
            AbortSignal.timeout(20_000),
          );
          const chunks: Buffer[] = [];
          if (stream) for await (const c of res.body) chunks.push(c as Buffer);
          else chunks.push(await readBody(res.body));
          if (res.status !== 200) throw new Error(`${family}: the mock answered ${res.status}: ${Buffer.concat(chunks).toString()}`);
          return { status: res.status, headers: res.headers, chunks };
        };
        const json = await capture(false);
        const stream = await capture(true);
        let events = 0;
        const decodeOnce = (): void => {
          const decoder = adapter.streamDecoder();
          events = 0;
          for (const chunk of stream.chunks) events += decoder.push(chunk).length;
          events += decoder.end().length;
        };
        rows.push({
          family,
          'build request µs': timeUs(iterations, () => void adapter.chatRequest(target, request, fixture.credential, true)),
          'map response µs': timeUs(iterations, () => void adapter.chatResponse(json.status, json.headers, json.chunks[0]!)),
          'decode stream µs': timeUs(iterations, decodeOnce),
          'stream bytes': stream.chunks.reduce((n, c) => n + c.length, 0),
          'unified events': events,
        });
      }
    } finally {
      await client.close();
      await mock.close();
    }
    return [
      {
        title: `Mapping cost per call, ${iterations} iterations after warm-up, ${words}-word replies (microseconds)`,
        rows,
        notes: [
          '"decode stream" is a whole reply stream (every chunk as received from the mock, then end); divide by "unified events" for the cost per event.',
          'Bedrock request building includes SigV4 signing (the signing key is derived once per day and region; then one HMAC and two SHA-256).',
          'Single-threaded on a shared 2-core machine; numbers move with the load of other processes.',
        ],
      },
    ];
  },
};
