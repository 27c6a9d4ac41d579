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
import { FamilyRegistry } from '../provider-registry';
import { user } from '../test-support/fixtures';
import { UpstreamClient } from '../upstream/upstream-client';
import type { AttemptOutcome } from './attempt-outcome';
import { AttemptExecutor } from './attempt-executor';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

describe('AttemptExecutor', () => {
  let server: Server;
  let base = '';
  let handler: Handler = (_req, res) => res.end();
  const recorded: AttemptOutcome[] = [];
  const ATTEMPT_COST = { microUsd: 7, nanoUsd: 7_123 };
  const client = new UpstreamClient(4);
  const invoker = new AttemptExecutor(
    FamilyRegistry.builtIn(),
    client,
    { resolve: () => ({ apiKey: 'k', extras: {} }) },
    {
      record: (o) => {
        recorded.push(o);
        return ATTEMPT_COST;
      },
    },
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
    // The router adds up what the recorder priced the attempt at.
    expect(response.cost).toEqual(ATTEMPT_COST);
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
    // The last event is the attempt's cost alone, once its usage is recorded.
    expect(events[events.length - 1]).toMatchObject({ chunk: undefined, cost: ATTEMPT_COST });
    const last = events[events.length - 2]?.chunk?.event;
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
    const last = events[events.length - 2]?.chunk?.event;
    expect(last?.$case === 'error' && last.error.errorClass).toBe(ErrorClass.ERROR_CLASS_STREAM_INTERRUPTED);
    expect(recorded[0]?.error?.errorClass).toBe(ErrorClass.ERROR_CLASS_STREAM_INTERRUPTED);
    expect(recorded[0]?.usage).toMatchObject({ inputTokens: 321, outputTokens: 4, estimated: true });
  });

  it('an in-stream error before the first token is the first event (the router fails over from it), classified by its type', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: {"id":"c","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}\n\n');
      res.end('data: {"error":{"message":"The server had an error","type":"server_error","param":null,"code":null}}\n\n');
    };
    const events = await collect(invoker.invokeStream(invocation('openai', { stream: true }), new AbortController().signal));
    expect(events.map((e) => e.chunk?.event?.$case)).toEqual(['error']);
    expect(events[0]?.chunk?.event?.$case === 'error' && events[0].chunk.event.error.errorClass).toBe(ErrorClass.ERROR_CLASS_UPSTREAM_5XX);
    expect(recorded[0]?.error?.errorClass).toBe(ErrorClass.ERROR_CLASS_UPSTREAM_5XX);
  });

  it('passes the held opening on with the first token, in order', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: {"id":"c","model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}\n\n');
      setTimeout(() => {
        res.write('data: {"id":"c","choices":[{"index":0,"delta":{"content":"one"}}]}\n\n');
        res.end('data: {"id":"c","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n');
      }, 20);
    };
    const events = await collect(invoker.invokeStream(invocation('openai', { stream: true }), new AbortController().signal));
    const first = events[0]?.chunk;
    expect(first?.event?.$case === 'delta' && first.event.delta.roleStart).toBe(true);
    expect(first?.model).toBe('m');
    expect(events.map((e) => e.chunk?.event?.$case)).toEqual(['delta', 'delta', 'finish', 'usage']);
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

  it("keeps the provider's error text but says which provider it is", async () => {
    const text =
      'The server had an error processing your request. Sorry about that! You can retry your request, or contact us through our help center at help.openai.com if you keep seeing this error.';
    handler = (_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: text, type: 'server_error', param: null, code: null } }));
    };
    const response = await invoker.invoke(invocation('openai'));
    expect(response.outcome?.$case === 'error' && response.outcome.error.message).toBe(`openai error: ${text}`);

    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end('event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n');
    };
    const events = await collect(invoker.invokeStream(invocation('anthropic', { stream: true }), new AbortController().signal));
    // The stream ends with its cost, after the last chunk.
    const last = events.filter((e) => e.chunk).at(-1)?.chunk?.event;
    expect(last?.$case === 'error' && last.error.message).toBe('anthropic error: Overloaded');
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
