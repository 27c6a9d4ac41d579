import {
  AudioInvokeStreamEvent,
  AudioStreamInvocation,
  ChatStreamEvent,
  Cost,
  CountTokensInvokeResponse,
  DeploymentTarget,
  EmbedInvocation,
  EmbedInvokeResponse,
  ErrorClass,
  ErrorInfo,
  ImageInvocation,
  ImageInvokeResponse,
  Invocation,
  InvokeResponse,
  InvokeStreamEvent,
  ModerateInvocation,
  ModerateInvokeResponse,
  RateLimitInfo,
  TranscribeInvocation,
  TranscribeInvokeResponse,
  Usage,
} from '@switchyard/contracts';
import type { FamilyCodec, Mapped, StreamDecoder, UpstreamCredential, UpstreamModel } from '../provider-adapter';
import type { FamilyRegistry } from '../provider-registry';
import { transportError } from '../upstream/transport-error';
import { readBody, UpstreamClient } from '../upstream/upstream-client';
import { estimateResponseUsage } from '../usage-estimate/estimate-usage';
import type { AttemptEndpoint, AttemptRecorder, CredentialResolver } from './attempt-outcome';
import { Deadline } from './deadline';
import { FirstTokenHold } from './first-token-hold';
import { providerError } from './provider-error';
import { StreamTally } from './stream-tally';
import { build, credentialUnavailable, elapsed, errorEvent, internal, micros, unsupported } from './attempt-failures';
import { runUnaryAttempt, UnaryAttemptIo, UnaryInvocation } from './unary-attempt';
import { AudioStreamIo, runAudioStream, streamsTranscription, transcriptAsStream } from './audio-stream-attempt';
import { COUNT_TOKENS_CALL, EMBEDDINGS_CALL, IMAGE_CALL, MODERATION_CALL, TRANSCRIPTION_CALL, TRANSLATION_CALL } from './unary-calls';
import { listUpstreamModels } from './upstream-models';

export interface AttemptExecutorSettings {
  /** Used when a deployment sets no timeout of its own. */
  readonly defaultTimeoutMs: number;
  /** Longest silence allowed between two chunks of a stream. */
  readonly streamIdleTimeoutMs: number;
}

const ZERO_USAGE = Usage.fromPartial({});

/**
 * Executes one attempt against one deployment: builds the provider request,
 * sends it, maps the answer back to the unified schema and records what it
 * cost. Streams are relayed chunk by chunk as they arrive. Usage is the
 * provider's own; when it reports none (or a stream is cut) it is counted
 * with the tokenizer and marked estimated.
 */
export class AttemptExecutor {
  /** What one-shot calls (embeddings, moderations, token counts) borrow from this executor. */
  private readonly unaryIo: UnaryAttemptIo = {
    send: (upstream, timeouts, signal) => this.client.send(upstream, timeouts, signal),
    prepare: (invocation) => this.prepare(invocation),
    record: (invocation, endpoint, usage, latencyMs, error) =>
      this.record(invocation, endpoint, false, usage, latencyMs, latencyMs, error, ''),
  };

  /** What audio streams (speech, streamed transcripts) borrow from this executor. */
  private readonly audioIo: AudioStreamIo = {
    send: (upstream, timeouts, signal) => this.client.send(upstream, timeouts, signal),
    idleMs: () => this.settings.streamIdleTimeoutMs,
    prepare: (invocation, signal) => this.prepare(invocation, signal),
    record: (invocation, endpoint, usage, latencyMs, ttftMs, error) =>
      this.record(invocation, endpoint, true, usage, latencyMs, ttftMs, error, ''),
  };

  constructor(
    private readonly registry: FamilyRegistry,
    private readonly client: UpstreamClient,
    private readonly credentials: CredentialResolver,
    private readonly recorder: AttemptRecorder,
    private readonly settings: AttemptExecutorSettings,
  ) {}

  async invoke(invocation: Invocation): Promise<InvokeResponse> {
    const started = performance.now();
    const prepared = this.prepare(invocation);
    if ('error' in prepared) return this.failed(invocation, 'chat.completions', false, started, prepared.error);
    const { adapter, credential, deadline } = prepared;
    const request = invocation.request;
    try {
      const upstream = build(() => adapter.chatRequest(invocation.target, request, credential, false));
      if ('error' in upstream) return this.failed(invocation, 'chat.completions', false, started, upstream.error);
      const sent = performance.now();
      const res = await this.client.send(
        upstream.value,
        { firstByteMs: deadline.remainingMs(), idleMs: deadline.remainingMs() },
        deadline.signal,
      );
      const body = await readBody(res.body);
      const upstreamUs = micros(sent);
      const mapped = adapter.chatResponse(res.status, res.headers, body);
      const rateLimit = adapter.rateLimit(res.headers);
      const latencyMs = elapsed(started);
      if (!mapped.ok) {
        const error = providerError(mapped.error, invocation.target);
        const cost = this.record(invocation, 'chat.completions', false, ZERO_USAGE, latencyMs, latencyMs, error, '');
        return InvokeResponse.fromPartial({ outcome: { $case: 'error', error }, latencyMs, rateLimit, upstreamUs, cost });
      }
      const response = mapped.value;
      response.model ||= invocation.target.upstreamModel;
      response.usage ??= estimateResponseUsage(request, response);
      const text = invocation.attempt?.shadow ? response.choices.map((c) => c.content).join('') : '';
      const cost = this.record(invocation, 'chat.completions', false, response.usage, latencyMs, latencyMs, undefined, text);
      return InvokeResponse.fromPartial({ outcome: { $case: 'response', response }, latencyMs, rateLimit, upstreamUs, cost });
    } catch (error) {
      return this.failed(invocation, 'chat.completions', false, started, transportError(error, false, deadline.expired()));
    } finally {
      deadline.dispose();
    }
  }

  /**
   * Cancelling `signal` (the caller went away) aborts the upstream request too.
   * The last event carries no chunk, only what the attempt cost: it is known
   * once the stream has ended and its usage is recorded.
   */
  async *invokeStream(invocation: Invocation, signal: AbortSignal): AsyncGenerator<InvokeStreamEvent> {
    const recorded: { cost?: Cost } = {};
    yield* this.relayStream(invocation, signal, recorded);
    if (!signal.aborted && recorded.cost) yield InvokeStreamEvent.fromPartial({ cost: recorded.cost });
  }

  private async *relayStream(invocation: Invocation, signal: AbortSignal, recorded: { cost?: Cost }): AsyncGenerator<InvokeStreamEvent> {
    const started = performance.now();
    const prepared = this.prepare(invocation, signal);
    if ('error' in prepared) {
      this.failed(invocation, 'chat.completions', true, started, prepared.error);
      yield errorEvent(prepared.error);
      return;
    }
    const { adapter, credential, deadline } = prepared;
    const tally = new StreamTally(invocation.request, invocation.attempt?.shadow ?? false);
    let decoder: StreamDecoder | undefined;
    let outcomeError: ErrorInfo | undefined;
    let midStream = false;
    let rateLimit: RateLimitInfo | undefined;
    const relay = (event: ChatStreamEvent): InvokeStreamEvent => {
      tally.observe(event, elapsed(started));
      if (event.event?.$case === 'error') {
        event.event.error = providerError(event.event.error, invocation.target);
        outcomeError = event.event.error;
      }
      const out = InvokeStreamEvent.fromPartial({ chunk: event, rateLimit });
      rateLimit = undefined;
      return out;
    };
    try {
      const upstream = build(() => adapter.chatRequest(invocation.target, invocation.request, credential, true));
      if ('error' in upstream) {
        outcomeError = upstream.error;
        yield errorEvent(upstream.error);
        return;
      }
      const res = await this.client.send(
        upstream.value,
        { firstByteMs: deadline.remainingMs(), idleMs: this.settings.streamIdleTimeoutMs },
        deadline.signal,
      );
      rateLimit = adapter.rateLimit(res.headers);
      if (res.status < 200 || res.status >= 300) {
        outcomeError = providerError(adapter.errorResponse(res.status, res.headers, await readBody(res.body)), invocation.target);
        yield errorEvent(outcomeError, rateLimit);
        return;
      }
      decoder = adapter.streamDecoder();
      const hold = new FirstTokenHold();
      for await (const chunk of res.body) {
        midStream = true;
        for (const event of hold.pass(decoder.push(chunk as Buffer))) yield relay(event);
      }
      for (const event of hold.pass(decoder.end(), true)) yield relay(event);
      // The provider sent no usage: callers (and billing) still get a count, marked estimated.
      if (!outcomeError && !tally.sawUsage) yield relay(ChatStreamEvent.fromPartial({ event: { $case: 'usage', usage: tally.usage() } }));
    } catch (error) {
      if (signal.aborted) {
        // The router cancels a stream whose first event was the provider's error: that error is the outcome.
        outcomeError ??= ErrorInfo.fromPartial({
          errorClass: ErrorClass.ERROR_CLASS_STREAM_INTERRUPTED,
          message: 'The caller cancelled the stream.',
        });
        return;
      }
      outcomeError = transportError(error, midStream, deadline.expired());
      yield errorEvent(outcomeError);
    } finally {
      deadline.dispose();
      const latencyMs = elapsed(started);
      const usage = midStream || tally.sawUsage ? tally.usage(outcomeError !== undefined, decoder?.usageSoFar?.()) : ZERO_USAGE;
      recorded.cost = this.record(
        invocation,
        'chat.completions',
        true,
        usage,
        latencyMs,
        tally.ttftMs ?? latencyMs,
        outcomeError,
        tally.outputText(),
      );
    }
  }

  async embed(invocation: EmbedInvocation): Promise<EmbedInvokeResponse> {
    return EmbedInvokeResponse.fromPartial(await runUnaryAttempt(this.unaryIo, invocation, EMBEDDINGS_CALL));
  }

  async moderate(invocation: ModerateInvocation): Promise<ModerateInvokeResponse> {
    return ModerateInvokeResponse.fromPartial(await runUnaryAttempt(this.unaryIo, invocation, MODERATION_CALL));
  }

  async transcribe(invocation: TranscribeInvocation): Promise<TranscribeInvokeResponse> {
    const call = invocation.request.translate ? TRANSLATION_CALL : TRANSCRIPTION_CALL;
    return TranscribeInvokeResponse.fromPartial(await runUnaryAttempt(this.unaryIo, invocation, call));
  }

  /**
   * Speech bytes, or a transcript as it is recognized, relayed as they
   * arrive; a model that does not stream transcripts answers in one piece.
   */
  async *audioStream(invocation: AudioStreamInvocation, signal: AbortSignal): AsyncGenerator<AudioInvokeStreamEvent> {
    const r = invocation.request;
    if (r.$case === 'transcription' && !streamsTranscription(this.registry.get(invocation.target.provider), invocation.target)) {
      yield* transcriptAsStream(await this.transcribe({ ...invocation, request: r.transcription }));
      return;
    }
    yield* runAudioStream(this.audioIo, invocation, signal);
  }

  async generateImage(invocation: ImageInvocation): Promise<ImageInvokeResponse> {
    return ImageInvokeResponse.fromPartial(await runUnaryAttempt(this.unaryIo, invocation, IMAGE_CALL));
  }

  /** Input tokens of a chat request: the family's own count where it has a counter, else the tokenizer's (marked estimated). */
  async countTokens(invocation: Invocation): Promise<CountTokensInvokeResponse> {
    return CountTokensInvokeResponse.fromPartial(await runUnaryAttempt(this.unaryIo, invocation, COUNT_TOKENS_CALL));
  }

  /** The models a deployment's endpoint itself lists (operators use it to check a deployment). */
  listUpstreamModels(target: DeploymentTarget, tenantId = ''): Promise<Mapped<UpstreamModel[]>> {
    const family = this.registry.get(target.provider);
    if (!family) return Promise.resolve({ ok: false, error: internal(`No adapter for provider family "${target.provider}".`) });
    const credential = this.credential(target, tenantId);
    return listUpstreamModels(this.client, family, target, credential, this.settings.defaultTimeoutMs);
  }

  private prepare(
    invocation: Invocation | UnaryInvocation<unknown> | AudioStreamInvocation,
    callerSignal?: AbortSignal,
  ): { adapter: FamilyCodec; credential: UpstreamCredential; deadline: Deadline } | { error: ErrorInfo } {
    const target = invocation.target;
    const adapter = this.registry.get(target.provider);
    if (!adapter) return { error: internal(`No adapter for provider family "${target.provider}".`) };
    if (isChat(invocation)) {
      const reason = adapter.unsupportedFeature(invocation.request, target);
      if (reason) return { error: unsupported(reason) };
    }
    const credential = this.credential(target, invocation.context.tenantId);
    if (!credential) return { error: credentialUnavailable(target) };
    const timeoutMs = target.timeoutMs > 0 ? target.timeoutMs : this.settings.defaultTimeoutMs;
    const deadlineAt = Math.min(Date.now() + timeoutMs, invocation.context.deadlineAtMs || Number.MAX_SAFE_INTEGER);
    return { adapter, credential, deadline: new Deadline(deadlineAt, callerSignal) };
  }

  private credential(target: DeploymentTarget, tenantId: string): UpstreamCredential | undefined {
    return target.credentialRef === '' ? { apiKey: '', extras: {} } : this.credentials.resolve(target.credentialRef, tenantId);
  }

  private failed(invocation: Invocation, endpoint: AttemptEndpoint, stream: boolean, started: number, error: ErrorInfo): InvokeResponse {
    const latencyMs = elapsed(started);
    this.record(invocation, endpoint, stream, ZERO_USAGE, latencyMs, latencyMs, error, '');
    return InvokeResponse.fromPartial({ outcome: { $case: 'error', error }, latencyMs });
  }

  private record(
    invocation: Invocation | UnaryInvocation<unknown> | AudioStreamInvocation,
    endpoint: AttemptEndpoint,
    stream: boolean,
    usage: Usage,
    latencyMs: number,
    ttftMs: number,
    error: ErrorInfo | undefined,
    outputText: string,
  ): Cost | undefined {
    return this.recorder.record({
      invocation: { context: invocation.context, target: invocation.target, attempt: invocation.attempt },
      endpoint,
      stream,
      usage,
      latencyMs,
      ttftMs,
      error,
      outputText,
    });
  }
}

function isChat(invocation: Invocation | UnaryInvocation<unknown> | AudioStreamInvocation): invocation is Invocation {
  const request = invocation.request as { messages?: unknown };
  return Array.isArray(request.messages);
}
