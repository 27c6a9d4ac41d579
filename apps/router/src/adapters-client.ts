import {
  AdapterCall,
  AdapterReply,
  CountTokensInvokeResponse,
  EmbedInvokeRequest,
  EmbedInvokeResponse,
  ImageInvokeRequest,
  ImageInvokeResponse,
  InvokeRequest,
  InvokeResponse,
  InvokeStreamEvent,
  AudioInvokeStreamEvent,
  AudioStreamInvokeRequest,
  ModerateInvokeRequest,
  ModerateInvokeResponse,
  TranscribeInvokeRequest,
  TranscribeInvokeResponse,
  ProviderAdaptersClient,
} from '@switchyard/contracts';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { replyMeaning, SessionClient, withTimeout } from '@switchyard/platform';
import type { AttemptPort } from '@switchyard/routing';

/** The gRPC channel to provider-adapters (see router.module.ts). */
export const PROVIDER_ADAPTERS_CHANNEL = Symbol('switchyard.router.provider-adapters-channel');

/**
 * The attempt port over multiplexed sessions to provider-adapters: every
 * attempt is a message on one of a few long-lived streams of one channel.
 */
@Injectable()
export class AdaptersClient implements AttemptPort, OnApplicationShutdown {
  private readonly sessions: SessionClient<AdapterCall, AdapterReply>;

  constructor(@Inject(PROVIDER_ADAPTERS_CHANNEL) readonly client: ProviderAdaptersClient) {
    this.sessions = new SessionClient(() => client.session());
  }

  invoke(request: InvokeRequest): Promise<InvokeResponse> {
    return withDeadline(
      this.sessions.unary(
        (id) => ({ id, call: { $case: 'invoke', invoke: request } }),
        (r) => replyMeaning(r.reply, r.reply?.$case === 'invoke' ? r.reply.invoke : undefined),
      ),
      request,
    );
  }

  invokeStream(request: InvokeRequest, signal: AbortSignal): AsyncGenerator<InvokeStreamEvent> {
    return this.sessions.stream(
      (id) => ({ id, call: { $case: 'invokeStream', invokeStream: request } }),
      (id) => ({ id, call: { $case: 'cancel', cancel: {} } }),
      (r) => replyMeaning(r.reply, r.reply?.$case === 'streamEvent' ? r.reply.streamEvent : undefined),
      signal,
    );
  }

  audioStream(request: AudioStreamInvokeRequest, signal: AbortSignal): AsyncGenerator<AudioInvokeStreamEvent> {
    return this.sessions.stream(
      (id) => ({ id, call: { $case: 'audioStream', audioStream: request } }),
      (id) => ({ id, call: { $case: 'cancel', cancel: {} } }),
      (r) => replyMeaning(r.reply, r.reply?.$case === 'audioEvent' ? r.reply.audioEvent : undefined),
      signal,
    );
  }

  embed(request: EmbedInvokeRequest): Promise<EmbedInvokeResponse> {
    return withDeadline(
      this.sessions.unary(
        (id) => ({ id, call: { $case: 'embed', embed: request } }),
        (r) => replyMeaning(r.reply, r.reply?.$case === 'embed' ? r.reply.embed : undefined),
      ),
      request,
    );
  }

  moderate(request: ModerateInvokeRequest): Promise<ModerateInvokeResponse> {
    return withDeadline(
      this.sessions.unary(
        (id) => ({ id, call: { $case: 'moderate', moderate: request } }),
        (r) => replyMeaning(r.reply, r.reply?.$case === 'moderate' ? r.reply.moderate : undefined),
      ),
      request,
    );
  }

  transcribe(request: TranscribeInvokeRequest): Promise<TranscribeInvokeResponse> {
    return withDeadline(
      this.sessions.unary(
        (id) => ({ id, call: { $case: 'transcribe', transcribe: request } }),
        (r) => replyMeaning(r.reply, r.reply?.$case === 'transcribe' ? r.reply.transcribe : undefined),
      ),
      request,
    );
  }

  countTokens(request: InvokeRequest): Promise<CountTokensInvokeResponse> {
    return withDeadline(
      this.sessions.unary(
        (id) => ({ id, call: { $case: 'countTokens', countTokens: request } }),
        (r) => replyMeaning(r.reply, r.reply?.$case === 'countTokens' ? r.reply.countTokens : undefined),
      ),
      request,
    );
  }

  generateImage(request: ImageInvokeRequest): Promise<ImageInvokeResponse> {
    return withDeadline(
      this.sessions.unary(
        (id) => ({ id, call: { $case: 'image', image: request } }),
        (r) => replyMeaning(r.reply, r.reply?.$case === 'image' ? r.reply.image : undefined),
      ),
      request,
    );
  }

  close(): void {
    this.sessions.close();
    this.client.close();
  }

  /** After routing has stopped (it depends on this port), in the outlet phase. */
  onApplicationShutdown(): void {
    this.client.close();
  }
}

/** provider-adapters enforces each attempt's deadline itself; this only guards against a peer that never answers. */
function withDeadline<T>(promise: Promise<T>, request: { context?: { deadlineAtMs: number } | undefined }): Promise<T> {
  const at = request.context?.deadlineAtMs ?? 0;
  if (at <= 0) return promise;
  return withTimeout(promise, Math.max(1, at + 1_000 - Date.now()), 'provider-adapters did not answer before the deadline');
}
