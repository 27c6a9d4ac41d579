import {
  ChatResponse,
  ChatStreamEvent,
  EmbeddingsResponse,
  ErrorClass,
  ErrorInfo,
  ImageResponse,
  ModerationResponse,
  RateLimitInfo,
  TranscriptionResponse,
  Usage,
} from '@switchyard/contracts';
import type { Cost } from '@switchyard/contracts';
import type {
  AudioInvokeStreamEvent,
  AudioStreamEvent,
  AudioStreamInvocation,
  CountTokensInvokeResponse,
  EmbedInvocation,
  EmbedInvokeResponse,
  ImageInvocation,
  ImageInvokeResponse,
  Invocation,
  InvokeResponse,
  InvokeStreamEvent,
  ModerateInvocation,
  ModerateInvokeResponse,
  TranscribeInvocation,
  TranscribeInvokeResponse,
} from '@switchyard/contracts';
import type { AttemptPort } from '../src/execution/attempt-port';

export interface FakeBehaviour {
  latencyMs?: number;
  /** Fail every call with this class (and upstream status). */
  error?: ErrorClass;
  status?: number;
  retryAfterMs?: number;
  /** Fail only the first N calls. */
  failTimes?: number;
  /** Streams: break after this many chunks. */
  breakAfterChunks?: number;
  unreachable?: boolean;
  /** What each attempt cost, as provider-adapters would report it (failed attempts too). */
  cost?: Cost;
}

/** provider-adapters as a test double: per-deployment behaviour, every invocation recorded. */
export class FakePort implements AttemptPort {
  readonly calls: Invocation[] = [];
  readonly embedCalls: EmbedInvocation[] = [];
  readonly moderateCalls: ModerateInvocation[] = [];
  readonly countCalls: Invocation[] = [];
  readonly imageCalls: ImageInvocation[] = [];
  readonly audioCalls: AudioStreamInvocation[] = [];
  private readonly behaviours = new Map<string, FakeBehaviour>();
  private readonly counts = new Map<string, number>();
  /** Called on every call before it answers (e.g. to advance a virtual clock). */
  onCall: (deploymentId: string) => void = () => undefined;

  set(deploymentId: string, behaviour: FakeBehaviour): void {
    this.behaviours.set(deploymentId, behaviour);
  }

  callsTo(deploymentId: string): Invocation[] {
    return this.calls.filter((c) => c.target?.deploymentId === deploymentId);
  }

  async invoke(request: Invocation): Promise<InvokeResponse> {
    this.calls.push(request);
    const { failing, behaviour } = await this.step(request.target.deploymentId);
    if (failing)
      return {
        outcome: { $case: 'error', error: failing },
        latencyMs: behaviour.latencyMs ?? 0,
        rateLimit: rateLimitOf(failing),
        upstreamUs: 0,
        cost: behaviour.cost,
      };
    const response = ChatResponse.fromPartial({
      model: request.target.upstreamModel,
      usage: Usage.fromPartial({ inputTokens: 10, outputTokens: 5 }),
      choices: [{ index: 0, content: `answer from ${request.target.deploymentId}` }],
    });
    return {
      outcome: { $case: 'response', response },
      latencyMs: behaviour.latencyMs ?? 0,
      rateLimit: undefined,
      upstreamUs: (behaviour.latencyMs ?? 0) * 1000,
      cost: behaviour.cost,
    };
  }

  async *invokeStream(request: Invocation): AsyncGenerator<InvokeStreamEvent> {
    this.calls.push(request);
    const { failing, behaviour } = await this.step(request.target.deploymentId);
    if (failing) {
      yield { chunk: ChatStreamEvent.fromPartial({ event: { $case: 'error', error: failing } }), rateLimit: rateLimitOf(failing) };
      return;
    }
    const words = ['one', 'two', 'three'];
    for (let i = 0; i < words.length; i++) {
      if (behaviour.breakAfterChunks !== undefined && i >= behaviour.breakAfterChunks) throw new Error('connection reset');
      yield { chunk: ChatStreamEvent.fromPartial({ event: { $case: 'delta', delta: { content: `${words[i]} ` } } }), rateLimit: undefined };
    }
    yield {
      chunk: ChatStreamEvent.fromPartial({ event: { $case: 'usage', usage: { inputTokens: 10, outputTokens: 3 } } }),
      rateLimit: undefined,
    };
    if (behaviour.cost) yield { chunk: undefined, rateLimit: undefined, cost: behaviour.cost };
  }

  /** Speech as three byte chunks then its characters, or a transcript as two words then its tokens. */
  async *audioStream(request: AudioStreamInvocation): AsyncGenerator<AudioInvokeStreamEvent> {
    this.audioCalls.push(request);
    const { failing, behaviour } = await this.step(request.target.deploymentId);
    if (failing) {
      yield { chunk: { event: { $case: 'error', error: failing } }, rateLimit: rateLimitOf(failing) };
      return;
    }
    const speech = request.request.$case === 'speech';
    for (let i = 0; i < 3; i++) {
      if (behaviour.breakAfterChunks !== undefined && i >= behaviour.breakAfterChunks) throw new Error('connection reset');
      const chunk: AudioStreamEvent = speech
        ? { event: { $case: 'audio', audio: Buffer.from([i]) } }
        : { event: { $case: 'text', text: `w${i} ` } };
      yield { chunk, rateLimit: undefined };
    }
    yield { chunk: { event: { $case: 'usage', usage: Usage.fromPartial({ inputTokens: 4 }) } }, rateLimit: undefined };
    if (behaviour.cost) yield { chunk: undefined, rateLimit: undefined, cost: behaviour.cost };
  }

  async embed(request: EmbedInvocation): Promise<EmbedInvokeResponse> {
    this.embedCalls.push(request);
    const { failing, behaviour } = await this.step(request.target.deploymentId);
    if (failing)
      return { outcome: { $case: 'error', error: failing }, latencyMs: 0, rateLimit: undefined, upstreamUs: 0, cost: behaviour.cost };
    return {
      outcome: {
        $case: 'response',
        response: EmbeddingsResponse.fromPartial({
          model: request.target.upstreamModel,
          data: [{ index: 0, values: [0.1] }],
          usage: { inputTokens: 5 },
        }),
      },
      latencyMs: 0,
      rateLimit: undefined,
      upstreamUs: 0,
      cost: behaviour.cost,
    };
  }

  async moderate(request: ModerateInvocation): Promise<ModerateInvokeResponse> {
    this.moderateCalls.push(request);
    const response = ModerationResponse.fromPartial({
      id: 'modr-fake',
      model: request.target.upstreamModel,
      results: request.request.inputs.map(() => ({ flagged: false })),
      usage: { inputTokens: 3, estimated: true },
    });
    return this.oneShot(request.target.deploymentId, response);
  }

  async transcribe(request: TranscribeInvocation): Promise<TranscribeInvokeResponse> {
    const response = TranscriptionResponse.fromPartial({ text: 'fake transcript', model: request.target.upstreamModel, usage: {} });
    return this.oneShot(request.target.deploymentId, response);
  }

  async countTokens(request: Invocation): Promise<CountTokensInvokeResponse> {
    this.countCalls.push(request);
    return this.oneShot(request.target.deploymentId, { inputTokens: 42, estimated: request.target.provider !== 'anthropic' });
  }

  async generateImage(request: ImageInvocation): Promise<ImageInvokeResponse> {
    this.imageCalls.push(request);
    const response = ImageResponse.fromPartial({
      created: 1,
      model: request.target.upstreamModel,
      data: [{ image: { $case: 'url', url: 'https://images.example/1.png' } }],
      usage: { metered: { quantity: 1, variant: '1024x1024/standard' } },
    });
    return this.oneShot(request.target.deploymentId, response);
  }

  private async oneShot<T>(deploymentId: string, response: T) {
    const { failing, behaviour } = await this.step(deploymentId);
    const common = { latencyMs: 0, rateLimit: undefined, upstreamUs: 0, cost: behaviour.cost };
    if (failing) return { outcome: { $case: 'error' as const, error: failing }, ...common };
    return { outcome: { $case: 'response' as const, response }, ...common };
  }

  private async step(deploymentId: string): Promise<{ failing: ErrorInfo | undefined; behaviour: FakeBehaviour }> {
    const behaviour = this.behaviours.get(deploymentId) ?? {};
    this.onCall(deploymentId);
    const count = (this.counts.get(deploymentId) ?? 0) + 1;
    this.counts.set(deploymentId, count);
    if (behaviour.latencyMs) await new Promise((r) => setTimeout(r, behaviour.latencyMs));
    if (behaviour.unreachable) throw new Error('14 UNAVAILABLE: connect ECONNREFUSED');
    const fails = behaviour.error !== undefined && (behaviour.failTimes === undefined || count <= behaviour.failTimes);
    const failing = fails
      ? ErrorInfo.fromPartial({
          errorClass: behaviour.error,
          message: `${deploymentId} failed`,
          upstreamStatus: behaviour.status ?? 500,
          retryAfterMs: behaviour.retryAfterMs ?? 0,
        })
      : undefined;
    return { failing, behaviour };
  }
}

function rateLimitOf(error: ErrorInfo): RateLimitInfo | undefined {
  return error.retryAfterMs > 0
    ? RateLimitInfo.fromPartial({ present: true, retryAfterMs: error.retryAfterMs, remainingRequests: 0 })
    : undefined;
}
