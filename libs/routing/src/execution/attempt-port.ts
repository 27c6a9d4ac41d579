import type {
  AudioInvokeStreamEvent,
  AudioStreamInvocation,
  CountTokensInvokeResponse,
  EmbedInvocation,
  EmbedInvokeResponse,
  ErrorInfo,
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

/** How the router reaches provider-adapters (gRPC in production, anything in tests). */
export interface AttemptPort {
  invoke(request: Invocation): Promise<InvokeResponse>;
  invokeStream(request: Invocation, signal: AbortSignal): AsyncIterable<InvokeStreamEvent>;
  embed(request: EmbedInvocation): Promise<EmbedInvokeResponse>;
  moderate(request: ModerateInvocation): Promise<ModerateInvokeResponse>;
  countTokens(request: Invocation): Promise<CountTokensInvokeResponse>;
  transcribe(request: TranscribeInvocation): Promise<TranscribeInvokeResponse>;
  generateImage(request: ImageInvocation): Promise<ImageInvokeResponse>;
  audioStream(request: AudioStreamInvocation, signal: AbortSignal): AsyncIterable<AudioInvokeStreamEvent>;
}

/**
 * Thrown by a port that refuses an attempt because of the caller's own limits
 * (e.g. no budget credit left): the request ends with this error at once. It
 * says nothing about the deployment, so no throttle, breaker or retry reacts.
 */
export class AttemptRefused extends Error {
  constructor(readonly error: ErrorInfo) {
    super(error.message);
    this.name = 'AttemptRefused';
  }
}
