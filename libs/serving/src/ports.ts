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
} from '@switchyard/contracts';
import type { ConfigState } from '@switchyard/control-plane';
import type { RequestOutcome } from '@switchyard/requests';
import type { PiiGuard } from '@switchyard/pii';

/** The router as the serving pipeline sees it (in ingress: the router session client). */
export interface RouterPort {
  chat(request: RoutedChatRequest): Promise<RoutedChatResponse>;
  chatStream(request: RoutedChatRequest, signal: AbortSignal): AsyncIterable<RoutedChatStreamEvent>;
  audioStream(request: RoutedAudioStreamRequest, signal: AbortSignal): AsyncIterable<RoutedAudioStreamEvent>;
  embed(request: RoutedEmbeddingsRequest): Promise<RoutedEmbeddingsResponse>;
  moderate(request: RoutedModerationRequest): Promise<RoutedModerationResponse>;
  countTokens(request: RoutedChatRequest): Promise<RoutedTokenCountResponse>;
  transcribe(request: RoutedTranscriptionRequest): Promise<RoutedTranscriptionResponse>;
  generateImage(request: RoutedImageRequest): Promise<RoutedImageResponse>;
  listModels(context: RequestContext): Promise<ListModelsResponse>;
}

/** Where each finished request's outcome goes (in ingress: the requests.v1 topic). */
export interface RequestEventSink {
  publish(outcome: RequestOutcome): void;
}

export interface ServingLog {
  error(fields: Record<string, unknown>, message: string): void;
}

/** What the pipeline needs, wired once by the app. */
export interface ServingDeps {
  readonly config: ConfigState;
  readonly router: RouterPort;
  readonly events: RequestEventSink;
  readonly log: ServingLog;
  /** The tenant's PII policy for one request (a fresh guard per request). */
  readonly pii: (tenantId: string) => PiiGuard;
}
