import { AudioInvokeStreamEvent, ErrorClass, ErrorInfo, MeteredUnit, Usage } from '@switchyard/contracts';
import type {
  AudioStreamEvent,
  AudioStreamInvocation,
  Cost,
  DeploymentTarget,
  RateLimitInfo,
  SpeechRequest,
  TranscribeInvokeResponse,
  TranscriptionRequest,
} from '@switchyard/contracts';
import type { AudioStreamCodec, FamilyCodec, UpstreamCredential } from '../provider-adapter';
import { transportError } from '../upstream/transport-error';
import { readBody, UpstreamClient } from '../upstream/upstream-client';
import { wavDurationMs } from '../usage-estimate/audio-duration';
import type { AttemptEndpoint } from './attempt-outcome';
import type { Deadline } from './deadline';
import { build, elapsed, unsupported } from './attempt-failures';
import { providerError } from './provider-error';

/** What the attempt executor lends an audio stream: its preparation, HTTP client and recorder. */
export interface AudioStreamIo {
  send: UpstreamClient['send'];
  idleMs(): number;
  prepare(
    invocation: AudioStreamInvocation,
    signal: AbortSignal,
  ): { adapter: FamilyCodec; credential: UpstreamCredential; deadline: Deadline } | { error: ErrorInfo };
  record(
    invocation: AudioStreamInvocation,
    endpoint: AttemptEndpoint,
    usage: Usage,
    latencyMs: number,
    ttftMs: number,
    error: ErrorInfo | undefined,
  ): Cost | undefined;
}

/** How one kind of audio stream maps onto a family, and what it is billed by. */
interface AudioStreamKind<Req> {
  readonly endpoint: AttemptEndpoint;
  /** What a family without the codec cannot serve, in the refusal. */
  readonly label: string;
  codec(adapter: FamilyCodec): AudioStreamCodec<Req> | undefined;
  /** What the attempt used: the provider's reported usage, completed with the unit it is priced in. */
  settle(request: Req, reported: Usage | undefined): Usage;
}

/** Speech is billed per input character (tts-1) or by the tokens the provider reports (gpt-4o speech models). */
const SPEECH: AudioStreamKind<SpeechRequest> = {
  endpoint: 'audio.speech',
  label: 'speech',
  codec: (adapter) => adapter.speech,
  settle: (request, reported) =>
    Usage.fromPartial({ ...reported, metered: { unit: MeteredUnit.METERED_UNIT_CHARACTER, quantity: [...request.input].length } }),
};

/** A streamed transcript carries token usage on its last event; cut short, only the audio's length is known. */
const TRANSCRIPT: AudioStreamKind<TranscriptionRequest> = {
  endpoint: 'audio.transcriptions',
  label: 'streamed transcription',
  codec: (adapter) => adapter.transcriptionStream,
  settle: (request, reported) => {
    if (reported) return reported;
    const ms = wavDurationMs(request.audio);
    return Usage.fromPartial({
      estimated: true,
      ...(ms !== undefined && { metered: { unit: MeteredUnit.METERED_UNIT_AUDIO_MS, quantity: ms } }),
    });
  },
};

/** Whether a deployment streams transcripts (the gpt-4o transcribers do; whisper answers in one piece). */
export function streamsTranscription(adapter: FamilyCodec | undefined, target: DeploymentTarget): boolean {
  return adapter?.transcriptionStream?.streams(target) ?? false;
}

/**
 * One attempt of an audio stream: the provider's bytes relayed as they
 * arrive (never buffered), the usage it reported held back and sent last,
 * completed with the unit the call is priced in, and the attempt recorded
 * once. The final event carries only the cost.
 */
export async function* runAudioStream(
  io: AudioStreamIo,
  invocation: AudioStreamInvocation,
  signal: AbortSignal,
): AsyncGenerator<AudioInvokeStreamEvent> {
  const recorded: { cost?: Cost | undefined } = {};
  const r = invocation.request;
  if (r.$case === 'speech') yield* relay(io, invocation, SPEECH, r.speech, signal, recorded);
  else yield* relay(io, invocation, TRANSCRIPT, r.transcription, signal, recorded);
  if (!signal.aborted && recorded.cost) yield AudioInvokeStreamEvent.fromPartial({ cost: recorded.cost });
}

async function* relay<Req>(
  io: AudioStreamIo,
  invocation: AudioStreamInvocation,
  kind: AudioStreamKind<Req>,
  request: Req,
  signal: AbortSignal,
  recorded: { cost?: Cost | undefined },
): AsyncGenerator<AudioInvokeStreamEvent> {
  const started = performance.now();
  let firstMs: number | undefined;
  let outcomeError: ErrorInfo | undefined;
  let reported: Usage | undefined;
  let rateLimit: RateLimitInfo | undefined;
  let relayed = false;
  /** The usage the attempt ends with, once settled (sent to the caller and recorded alike). */
  let used: Usage | undefined;
  const failed = (error: ErrorInfo): AudioInvokeStreamEvent => {
    outcomeError = error;
    return AudioInvokeStreamEvent.fromPartial({ chunk: { event: { $case: 'error', error } }, rateLimit });
  };
  const prepared = io.prepare(invocation, signal);
  if ('error' in prepared) {
    recorded.cost = io.record(invocation, kind.endpoint, Usage.fromPartial({}), elapsed(started), elapsed(started), prepared.error);
    yield failed(prepared.error);
    return;
  }
  const { adapter, credential, deadline } = prepared;
  const codec = kind.codec(adapter);
  try {
    if (!codec) {
      yield failed(unsupported(`The ${adapter.family} family cannot serve ${kind.label}.`));
      return;
    }
    const upstream = build(() => codec.request(invocation.target, request, credential));
    if ('error' in upstream) {
      yield failed(upstream.error);
      return;
    }
    const res = await io.send(upstream.value, { firstByteMs: deadline.remainingMs(), idleMs: io.idleMs() }, deadline.signal);
    rateLimit = adapter.rateLimit(res.headers);
    if (res.status < 200 || res.status >= 300) {
      yield failed(providerError(adapter.errorResponse(res.status, res.headers, await readBody(res.body)), invocation.target));
      return;
    }
    const decoder = codec.decoder(invocation.target);
    const pass = function* (events: AudioStreamEvent[]): Generator<AudioInvokeStreamEvent> {
      for (const event of events) {
        const e = event.event;
        if (e?.$case === 'usage') {
          reported = e.usage;
          continue;
        }
        if (e?.$case === 'error') {
          yield failed(providerError(e.error, invocation.target));
          continue;
        }
        firstMs ??= elapsed(started);
        relayed = true;
        yield AudioInvokeStreamEvent.fromPartial({ chunk: event, rateLimit });
        rateLimit = undefined;
      }
    };
    for await (const chunk of res.body) {
      yield* pass(decoder.push(chunk as Buffer));
      if (outcomeError) return;
    }
    yield* pass(decoder.end());
    if (!outcomeError) {
      used = kind.settle(request, reported);
      yield AudioInvokeStreamEvent.fromPartial({ chunk: { event: { $case: 'usage', usage: used } } });
    }
  } catch (error) {
    if (signal.aborted) {
      // A provider error already seen stays the outcome (the router cancels the stream it failed over from).
      outcomeError ??= ErrorInfo.fromPartial({
        errorClass: ErrorClass.ERROR_CLASS_STREAM_INTERRUPTED,
        message: 'The caller cancelled the stream.',
      });
      return;
    }
    yield failed(transportError(error, relayed, deadline.expired()));
  } finally {
    deadline.dispose();
    const latencyMs = elapsed(started);
    const usage = used ?? (relayed || reported ? kind.settle(request, reported) : Usage.fromPartial({}));
    recorded.cost = io.record(invocation, kind.endpoint, usage, latencyMs, firstMs ?? latencyMs, outcomeError);
  }
}

/** A transcript the model answers in one piece (whisper), told as a stream: its text, then its usage. */
export function transcriptAsStream(answer: TranscribeInvokeResponse): AudioInvokeStreamEvent[] {
  const base = { rateLimit: answer.rateLimit };
  if (answer.outcome?.$case !== 'response') {
    const error = answer.outcome?.error;
    return [AudioInvokeStreamEvent.fromPartial({ ...base, chunk: error ? { event: { $case: 'error', error } } : undefined })];
  }
  const response = answer.outcome.response;
  return [
    AudioInvokeStreamEvent.fromPartial({ ...base, chunk: { event: { $case: 'text', text: response.text } } }),
    AudioInvokeStreamEvent.fromPartial({ chunk: { event: { $case: 'usage', usage: response.usage ?? {} } }, cost: answer.cost }),
  ];
}
