import { RouterCall, RouterReply } from '@switchyard/contracts';
import type {
  ListModelsResponse,
  RequestContext,
  RoutedChatRequest,
  RoutedChatResponse,
  RoutedChatStreamEvent,
  RoutedAudioStreamEvent,
  RoutedAudioStreamRequest,
  RoutedEmbeddingsRequest,
  RoutedEmbeddingsResponse,
  RoutedImageRequest,
  RoutedImageResponse,
  RoutedModerationRequest,
  RoutedModerationResponse,
  RoutedTokenCountResponse,
  RoutedTranscriptionRequest,
  RoutedTranscriptionResponse,
  RouterClient,
} from '@switchyard/contracts';
import { replyMeaning, SessionClient } from '@switchyard/platform';

/**
 * Ingress's view of the router: every call is a message on one of a few
 * long-lived multiplexed streams of one gRPC channel (no HTTP/2 stream per call).
 */
export class RouterPort {
  private readonly sessions: SessionClient<RouterCall, RouterReply>;

  constructor(readonly client: RouterClient) {
    this.sessions = new SessionClient(() => client.session());
  }

  chat(request: RoutedChatRequest): Promise<RoutedChatResponse> {
    return this.sessions.unary(
      (id) => ({ id, call: { $case: 'chat', chat: request } }),
      (r) => replyMeaning(r.reply, r.reply?.$case === 'chat' ? r.reply.chat : undefined),
    );
  }

  chatStream(request: RoutedChatRequest, signal: AbortSignal): AsyncGenerator<RoutedChatStreamEvent> {
    return this.sessions.stream(
      (id) => ({ id, call: { $case: 'chatStream', chatStream: request } }),
      (id) => ({ id, call: { $case: 'cancel', cancel: {} } }),
      (r) => replyMeaning(r.reply, r.reply?.$case === 'streamEvent' ? r.reply.streamEvent : undefined),
      signal,
    );
  }

  audioStream(request: RoutedAudioStreamRequest, signal: AbortSignal): AsyncGenerator<RoutedAudioStreamEvent> {
    return this.sessions.stream(
      (id) => ({ id, call: { $case: 'audioStream', audioStream: request } }),
      (id) => ({ id, call: { $case: 'cancel', cancel: {} } }),
      (r) => replyMeaning(r.reply, r.reply?.$case === 'audioEvent' ? r.reply.audioEvent : undefined),
      signal,
    );
  }

  embed(request: RoutedEmbeddingsRequest): Promise<RoutedEmbeddingsResponse> {
    return this.sessions.unary(
      (id) => ({ id, call: { $case: 'embed', embed: request } }),
      (r) => replyMeaning(r.reply, r.reply?.$case === 'embed' ? r.reply.embed : undefined),
    );
  }

  moderate(request: RoutedModerationRequest): Promise<RoutedModerationResponse> {
    return this.sessions.unary(
      (id) => ({ id, call: { $case: 'moderate', moderate: request } }),
      (r) => replyMeaning(r.reply, r.reply?.$case === 'moderate' ? r.reply.moderate : undefined),
    );
  }

  countTokens(request: RoutedChatRequest): Promise<RoutedTokenCountResponse> {
    return this.sessions.unary(
      (id) => ({ id, call: { $case: 'countTokens', countTokens: request } }),
      (r) => replyMeaning(r.reply, r.reply?.$case === 'countTokens' ? r.reply.countTokens : undefined),
    );
  }

  transcribe(request: RoutedTranscriptionRequest): Promise<RoutedTranscriptionResponse> {
    return this.sessions.unary(
      (id) => ({ id, call: { $case: 'transcribe', transcribe: request } }),
      (r) => replyMeaning(r.reply, r.reply?.$case === 'transcribe' ? r.reply.transcribe : undefined),
    );
  }

  generateImage(request: RoutedImageRequest): Promise<RoutedImageResponse> {
    return this.sessions.unary(
      (id) => ({ id, call: { $case: 'image', image: request } }),
      (r) => replyMeaning(r.reply, r.reply?.$case === 'image' ? r.reply.image : undefined),
    );
  }

  listModels(context: RequestContext): Promise<ListModelsResponse> {
    return this.sessions.unary(
      (id) => ({ id, call: { $case: 'listModels', listModels: { context } } }),
      (r) => replyMeaning(r.reply, r.reply?.$case === 'listModels' ? r.reply.listModels : undefined),
    );
  }

  close(): void {
    this.sessions.close();
  }
}
