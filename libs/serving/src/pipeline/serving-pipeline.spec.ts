import { ApiError } from '@switchyard/api-errors';
import { ChatFinish, ChatRequest, ChatRole, EmbeddingsRequest, ErrorClass, ErrorInfo, Usage } from '@switchyard/contracts';
import type { ChatStreamEvent } from '@switchyard/contracts';
import { parseChatRequest } from '@switchyard/openai-api';
import { chunk, delta, fakeServing, started, TRACE } from '../../test/fake-router';
import type { ChatParser, ChatResponder, Completion, Inbound, StreamTransport } from '../surfaces';
import { ServingPipeline } from './serving-pipeline';

const inbound = <Body>(key: string, body: Body): Inbound<Body> => ({
  admission: { credential: key, feature: undefined, requestId: 'req_1', apiSurface: 'grpc', endUser: '', nowMs: Date.now() },
  body,
  bodyBytes: 42,
});
const unified = (overrides: Partial<ChatRequest> = {}): ChatRequest =>
  ChatRequest.fromPartial({
    model: 'm',
    messages: [{ role: ChatRole.CHAT_ROLE_USER, content: [{ part: { $case: 'text', text: 'hi' } }] }],
    ...overrides,
  });

/** The gRPC Gateway's parser: the body already is the unified request. */
const grpcParser: ChatParser<ChatRequest> = { endpoint: 'chat.completions', requestedModel: (r) => r.model, parse: (r) => r };
/** The OpenAI REST parser. */
const restParser: ChatParser<unknown> = { endpoint: 'chat.completions', requestedModel: () => 'm', parse: parseChatRequest };

class RecordingTransport implements StreamTransport<string> {
  readonly abort = new AbortController();
  readonly signal = this.abort.signal;
  readonly frames: string[] = [];
  readonly calls: string[] = [];
  open(): void {
    this.calls.push('open');
  }
  async write(frame: string): Promise<number> {
    this.frames.push(frame);
    return frame.length;
  }
  close(): void {
    this.calls.push('close');
  }
  broke(error: ApiError, frames: readonly string[]): void {
    this.calls.push(`broke:${error.code}`);
    this.frames.push(...frames);
  }
  drop(): void {
    this.calls.push('drop');
  }
  release(): void {
    this.calls.push('release');
  }
}

function responder(transport = new RecordingTransport()): {
  completions: Completion[];
  transport: RecordingTransport;
  responder: ChatResponder<string>;
} {
  const completions: Completion[] = [];
  const text = (e: ChatStreamEvent): string => (e.event?.$case === 'delta' ? e.event.delta.content : (e.event?.$case ?? ''));
  return {
    completions,
    transport,
    responder: {
      complete: (c) => {
        completions.push(c);
        return 7;
      },
      stream: () => ({ renderer: { chunk: (e) => [text(e)], error: (err) => [`error:${err.code}`], end: () => ['END'] }, transport }),
    },
  };
}

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

describe('ServingPipeline', () => {
  it('validates a unified request as REST validates its JSON: same error, recorded, never routed', async () => {
    const { deps, router, events, key } = fakeServing();
    const pipeline = new ServingPipeline(deps);
    const viaGrpc = await refusal(pipeline.chat(inbound(key, unified({ temperature: 3 })), grpcParser, responder().responder));
    const viaRest = await refusal(
      pipeline.chat(
        inbound(key, { model: 'm', messages: [{ role: 'user', content: 'hi' }], temperature: 3 }),
        restParser,
        responder().responder,
      ),
    );
    expect(viaGrpc.toBody()).toEqual(viaRest.toBody());
    expect(viaGrpc.message).toBe("Invalid value for 'temperature': 3 is outside the allowed range [0, 2].");
    for (const bad of [
      unified({ maxTokens: 0 }),
      unified({ topP: 1.5 }),
      unified({ presencePenalty: -3 }),
      unified({ messages: [] }),
      unified({ model: '' }),
    ]) {
      expect((await refusal(pipeline.chat(inbound(key, bad), grpcParser, responder().responder))).status).toBe(400);
    }
    expect(router.chats).toHaveLength(0);
    expect(events).toHaveLength(7);
    expect(events[0]).toMatchObject({
      httpStatus: 400,
      errorClass: ErrorClass.ERROR_CLASS_INVALID_REQUEST,
      requestBytes: 42,
      requestedModel: 'm',
    });
  });

  it('refuses a bad key before anything is recorded', async () => {
    const { deps, events } = fakeServing();
    const error = await refusal(new ServingPipeline(deps).chat(inbound('Bearer nope', unified()), grpcParser, responder().responder));
    expect(error.status).toBe(401);
    expect(events).toHaveLength(0);
  });

  it('routes a completion, renders it once and records usage, trace and bytes', async () => {
    const { deps, router, events, key } = fakeServing();
    const { completions, responder: r } = responder();
    await new ServingPipeline(deps).chat(inbound(key, unified()), grpcParser, r);
    expect(router.chats[0]?.context?.tenantId).toBe('t1');
    expect(completions).toHaveLength(1);
    expect(completions[0]?.headers).toMatchObject({ 'x-switchyard-deployment': 'dep-a', 'x-switchyard-attempts': '1' });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ httpStatus: 200, responseBytes: 7, trace: TRACE, usage: { inputTokens: 3 } });
    expect(events[0]?.ttftMs).toBeGreaterThan(0);
  });

  it('turns a routing failure into the client error with routing headers, recorded once', async () => {
    const { deps, router, events, key } = fakeServing();
    const info = ErrorInfo.fromPartial({ errorClass: ErrorClass.ERROR_CLASS_RATE_LIMITED, message: 'slow down', retryAfterMs: 2000 });
    router.chatAnswer = { outcome: { $case: 'error', error: info }, trace: TRACE };
    const error = await refusal(new ServingPipeline(deps).chat(inbound(key, unified()), grpcParser, responder().responder));
    expect(error).toMatchObject({ status: 429, message: 'slow down' });
    expect(error.headers).toMatchObject({ 'retry-after': '2', 'x-switchyard-deployment': 'dep-a' });
    expect(events.map((e) => [e.httpStatus, e.errorClass])).toEqual([[429, ErrorClass.ERROR_CLASS_RATE_LIMITED]]);
  });

  it('records an unexpected router failure as a 500 and rethrows it as is', async () => {
    const { deps, router, events, key } = fakeServing();
    const broken = new Error('session closed');
    router.chat = () => Promise.reject(broken);
    await expect(new ServingPipeline(deps).chat(inbound(key, unified()), grpcParser, responder().responder)).rejects.toBe(broken);
    expect(events.map((e) => [e.httpStatus, e.errorClass])).toEqual([[500, ErrorClass.ERROR_CLASS_INTERNAL]]);
  });

  it('marks the first token on content, not on a role-only delta', async () => {
    const { deps, router, events, key } = fakeServing();
    router.streamScript = [started(), delta('', true), chunk({ $case: 'finish', finish: ChatFinish.fromPartial({}) })];
    const { transport, responder: r } = responder();
    await new ServingPipeline(deps).chat(inbound(key, unified({ stream: true })), grpcParser, r);
    expect(events[0]?.ttftMs).toBe(0);
    router.streamScript = [started(), delta('', true), delta('Hel')];
    await new ServingPipeline(deps).chat(inbound(key, unified({ stream: true })), grpcParser, r);
    expect(events[1]?.ttftMs).toBeGreaterThan(0);
    expect(transport.calls).toEqual(['open', 'close', 'release', 'open', 'close', 'release']);
  });

  it('relays a stream: frames in order, the end, bytes counted, one event', async () => {
    const { deps, router, events, key } = fakeServing();
    router.streamScript = [
      started(),
      delta('Hel'),
      delta('lo'),
      chunk({ $case: 'usage', usage: Usage.fromPartial({ inputTokens: 1, outputTokens: 2 }) }),
    ];
    const { transport, responder: r } = responder();
    await new ServingPipeline(deps).chat(inbound(key, unified({ stream: true })), grpcParser, r);
    expect(transport.frames).toEqual(['Hel', 'lo', 'usage', 'END']);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ httpStatus: 200, stream: true, responseBytes: 13, usage: { outputTokens: 2 } });
  });

  it('throws a failure before the stream opens; ends an opened stream in-band on an error chunk', async () => {
    const { deps, router, events, key } = fakeServing();
    const pipeline = new ServingPipeline(deps);
    const error = ErrorInfo.fromPartial({ errorClass: ErrorClass.ERROR_CLASS_NO_DEPLOYMENT, message: 'none' });
    router.streamScript = [{ event: { $case: 'failed', failed: { error, trace: TRACE } } }];
    const { transport, responder: r } = responder();
    expect((await refusal(pipeline.chat(inbound(key, unified({ stream: true })), grpcParser, r))).status).toBe(503);
    expect(transport.calls).toEqual(['release']);
    router.streamScript = [
      started(),
      delta('Hel'),
      chunk({ $case: 'error', error: ErrorInfo.fromPartial({ errorClass: ErrorClass.ERROR_CLASS_UPSTREAM_5XX }) }),
    ];
    await pipeline.chat(inbound(key, unified({ stream: true })), grpcParser, r);
    expect(transport.frames).toEqual(['Hel', 'error:upstream_error']);
    expect(events.map((e) => e.httpStatus)).toEqual([503, 502]);
  });

  it('records a client that went away as 499 and drops the connection', async () => {
    const { deps, router, events, key } = fakeServing();
    const { transport, responder: r } = responder();
    router.streamScript = [started(), delta('Hel'), async () => transport.abort.abort(new Error('gone')), delta('never')];
    await new ServingPipeline(deps).chat(inbound(key, unified({ stream: true })), grpcParser, r);
    expect(transport.frames).toEqual(['Hel']);
    expect(transport.calls).toEqual(['open', 'drop', 'release']);
    expect(events[0]).toMatchObject({ httpStatus: 499, errorClass: ErrorClass.ERROR_CLASS_STREAM_INTERRUPTED });
  });

  it('ends a stream that breaks after it opened with the surface error and logs why', async () => {
    const { deps, router, events, errors, key } = fakeServing();
    const { transport, responder: r } = responder();
    router.streamScript = [
      started(),
      delta('Hel'),
      async () => {
        throw new Error('router session lost');
      },
    ];
    await new ServingPipeline(deps).chat(inbound(key, unified({ stream: true })), grpcParser, r);
    expect(transport.frames).toEqual(['Hel', 'error:stream_interrupted']);
    expect(transport.calls).toEqual(['open', 'broke:stream_interrupted', 'release']);
    expect(errors).toHaveLength(1);
    expect(events[0]).toMatchObject({ httpStatus: 502, errorClass: ErrorClass.ERROR_CLASS_STREAM_INTERRUPTED });
  });

  it('embeds through the same admission, validation, routing and record', async () => {
    const { deps, router, events, key } = fakeServing();
    const pipeline = new ServingPipeline(deps);
    const parser = { requestedModel: (r: EmbeddingsRequest) => r.model, parse: (request: EmbeddingsRequest) => ({ request }) };
    const empty = await refusal(pipeline.embed(inbound(key, EmbeddingsRequest.fromPartial({ model: 'e', inputs: [] })), parser, () => 0));
    expect(empty.message).toBe("Invalid value for 'input': must not be empty.");
    const sizes: number[] = [];
    await pipeline.embed(inbound(key, EmbeddingsRequest.fromPartial({ model: 'e', inputs: ['a'] })), parser, ({ response }) => {
      sizes.push(response.data.length);
      return 5;
    });
    expect(sizes).toEqual([1]);
    expect(router.embeds).toHaveLength(1);
    expect(events.map((e) => [e.endpoint, e.httpStatus, e.responseBytes])).toEqual([
      ['embeddings', 400, 0],
      ['embeddings', 200, 5],
    ]);
  });

  it('lists models for an admitted caller only', async () => {
    const { deps, key } = fakeServing();
    const pipeline = new ServingPipeline(deps);
    expect((await pipeline.listModels(inbound(key, {}))).models.map((m) => m.id)).toEqual(['m']);
    expect((await refusal(pipeline.listModels(inbound('', {})))).status).toBe(401);
  });
});
