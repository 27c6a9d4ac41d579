import {
  ChatRequest,
  checkedEmbedInvocation,
  checkedInvocation,
  EmbedInvokeRequest,
  ErrorClass,
  InvokeRequest,
  InvokeStreamEvent,
} from '@switchyard/contracts';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProviderRegistry } from '../provider-registry';
import { user } from '../test-support/fixtures';
import { UpstreamClient } from '../upstream/upstream-client';
import type { AttemptOutcome } from './attempt-outcome';
import { ChatInvoker } from './chat-invoker';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

describe('ChatInvoker', () => {
  let server: Server;
  let base = '';
  let handler: Handler = (_req, res) => res.end();
  const recorded: AttemptOutcome[] = [];
  const client = new UpstreamClient(4);
  const invoker = new ChatInvoker(
    ProviderRegistry.builtIn(),
    client,
    { resolve: () => ({ apiKey: 'k', extras: {} }) },
    { record: (o) => recorded.push(o) },
    { defaultTimeoutMs: 5000, streamIdleTimeoutMs: 5000 },
  );

  beforeAll(async () => {
    server = createServer((req, res) => handler(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await client.close();
    await new Promise((r) => server.close(r));
  });
  beforeEach(() => (recorded.length = 0));

  const invocation = (provider: string, request: Partial<ChatRequest> = {}) =>
    checkedInvocation(
      InvokeRequest.fromPartial({
        context: { requestId: 'req_1', tenantId: 't' },
        target: {
          deploymentId: 'd1',
          provider,
          upstreamModel: 'up-model',
          baseUrl: provider === 'ollama' ? base : `${base}/v1`,
          credentialRef: 'cred:x',
        },
        request: ChatRequest.fromPartial({ model: 'pub', messages: [user('Count to three please')], ...request }),
      }),
    );
  const collect = async (events: AsyncIterable<InvokeStreamEvent>) => {
    const out: InvokeStreamEvent[] = [];
    for await (const e of events) out.push(e);
    return out;
  };

  it('estimates usage (marked) when a non-streamed answer has none, for the caller and the usage event', async () => {
    handler = (_req, res) =>
      res.end(
        JSON.stringify({
          id: 'x',
          choices: [{ index: 0, message: { role: 'assistant', content: 'one two three' }, finish_reason: 'stop' }],
        }),
      );
    const response = await invoker.invoke(invocation('openai-compatible'));
    const usage = response.outcome?.$case === 'response' ? response.outcome.response.usage : undefined;
    expect(usage).toMatchObject({ estimated: true });
    expect(usage!.inputTokens).toBeGreaterThan(3);
    expect(usage!.outputTokens).toBe(3);
    expect(recorded[0]?.usage).toEqual(usage);
    expect(response.outcome?.$case === 'response' && response.outcome.response.model).toBe('up-model');
  });

  it('adds an estimated usage event to a stream whose provider sent none', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: {"id":"c","choices":[{"index":0,"delta":{"role":"assistant","content":"one two"}}]}\n\n');
      res.end('data: {"id":"c","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n');
    };
    const events = await collect(invoker.invokeStream(invocation('openai-compatible', { stream: true }), new AbortController().signal));
    const last = events[events.length - 1]?.chunk?.event;
    expect(last?.$case).toBe('usage');
    expect(last?.$case === 'usage' && last.usage).toMatchObject({ outputTokens: 2, estimated: true });
    expect(recorded[0]).toMatchObject({ stream: true, error: undefined, usage: { outputTokens: 2, estimated: true } });
  });

  it('records a cut Anthropic stream as interrupted, with the exact input tokens and estimated output', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(
        'event: message_start\ndata: {"type":"message_start","message":{"id":"m","model":"c","usage":{"input_tokens":321,"output_tokens":1}}}\n\n',
      );
      res.write(
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"one two three four"}}\n\n',
      );
      setTimeout(() => res.socket?.destroy(), 20);
    };
    const events = await collect(invoker.invokeStream(invocation('anthropic', { stream: true }), new AbortController().signal));
    const last = events[events.length - 1]?.chunk?.event;
    expect(last?.$case === 'error' && last.error.errorClass).toBe(ErrorClass.ERROR_CLASS_STREAM_INTERRUPTED);
    expect(recorded[0]?.error?.errorClass).toBe(ErrorClass.ERROR_CLASS_STREAM_INTERRUPTED);
    expect(recorded[0]?.usage).toMatchObject({ inputTokens: 321, outputTokens: 4, estimated: true });
  });

  it('refuses what the family cannot do before calling it, naming the model', async () => {
    let called = false;
    handler = (_req, res) => {
      called = true;
      res.end();
    };
    const response = await invoker.invoke(invocation('anthropic', { temperature: 1.5 }));
    expect(response.outcome?.$case === 'error' && response.outcome.error).toMatchObject({
      errorClass: ErrorClass.ERROR_CLASS_UNSUPPORTED,
      message: expect.stringMatching(/'pub'.*anthropic.*temperature above 1/),
    });
    expect(called).toBe(false);
  });

  it('estimates embeddings usage when the provider reports none', async () => {
    handler = (_req, res) => res.end('{"embeddings":[{"values":[0.1,0.2]}]}');
    const response = await invoker.embed(
      checkedEmbedInvocation(
        EmbedInvokeRequest.fromPartial({
          context: { requestId: 'r', tenantId: 't' },
          target: {
            deploymentId: 'e',
            provider: 'gemini',
            upstreamModel: 'text-embedding-004',
            baseUrl: `${base}/v1beta`,
            credentialRef: 'cred:x',
          },
          request: { model: 'emb', inputs: ['hello world'] },
        }),
      ),
    );
    expect(response.outcome?.$case === 'response' && response.outcome.response).toMatchObject({
      model: 'text-embedding-004',
      usage: { inputTokens: 2, estimated: true },
    });
  });

  it("never passes on a provider's answer to a refused credential (it can quote the key)", async () => {
    handler = (_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(
        '{"error":{"message":"Incorrect API key provided: sk-proj-abc1****wxyz.","type":"invalid_request_error","code":"invalid_api_key"}}',
      );
    };
    const response = await invoker.invoke(invocation('openai'));
    const error = response.outcome?.$case === 'error' ? response.outcome.error : undefined;
    expect(error).toMatchObject({ errorClass: ErrorClass.ERROR_CLASS_AUTH, upstreamStatus: 401, providerCode: 'invalid_api_key' });
    expect(error?.message).toBe('The openai provider refused the credentials of deployment d1 (HTTP 401).');
  });

  it('maps an unreachable provider to a network error', async () => {
    const dead = invocation('ollama');
    dead.target.baseUrl = 'http://127.0.0.1:1';
    const response = await invoker.invoke(dead);
    expect(response.outcome?.$case === 'error' && response.outcome.error.errorClass).toBe(ErrorClass.ERROR_CLASS_NETWORK);
  });

  it("lists a deployment endpoint's own models", async () => {
    handler = (req, res) =>
      res.end(req.url === '/api/tags' ? '{"models":[{"name":"llama3.2:latest","modified_at":"2024-11-01T12:00:00Z"}]}' : '{}');
    const listed = await invoker.listUpstreamModels(invocation('ollama').target);
    expect(listed).toEqual({ ok: true, value: [{ id: 'llama3.2:latest', ownedBy: 'ollama', createdUnix: 1730462400 }] });
    expect(await invoker.listUpstreamModels({ ...invocation('bedrock').target })).toMatchObject({
      ok: false,
      error: { errorClass: ErrorClass.ERROR_CLASS_UNSUPPORTED },
    });
  });
});
