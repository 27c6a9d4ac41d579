import type {
  AudioStreamEvent,
  ChatRequest,
  ChatResponse,
  ChatStreamEvent,
  DeploymentTarget,
  EmbeddingsRequest,
  EmbeddingsResponse,
  ErrorInfo,
  ImageRequest,
  ImageResponse,
  ModerationRequest,
  ModerationResponse,
  RateLimitInfo,
  SpeechRequest,
  TokenCount,
  TranscriptionRequest,
  TranscriptionResponse,
  Usage,
} from '@switchyard/contracts';

/** One HTTP call to a provider, fully described (no I/O yet). */
export interface UpstreamRequest {
  readonly url: string;
  readonly method: 'POST' | 'GET';
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Buffer;
}

export type UpstreamHeaders = Readonly<Record<string, string | string[] | undefined>>;

/** Either what the provider answered, mapped to the unified schema, or a taxonomy error. */
export type Mapped<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorInfo };

/** Turns provider stream bytes into unified events; one instance per stream. */
export interface StreamDecoder {
  push(chunk: Uint8Array): ChatStreamEvent[];
  /** The upstream finished; returns any final events (an interruption error if the stream ended early). */
  end(): ChatStreamEvent[];
  /**
   * What the provider has reported about usage so far (e.g. Anthropic's input
   * tokens in message_start), used when a stream is cut before its final usage.
   */
  usageSoFar?(): Usage | undefined;
}

/** Turns a provider's audio stream (speech bytes, or transcript SSE) into unified events; one instance per stream. */
export interface AudioStreamDecoder {
  push(chunk: Uint8Array): AudioStreamEvent[];
  /** The upstream finished; returns any final events (the usage the provider reported at the end). */
  end(): AudioStreamEvent[];
}

/** How a family streams one kind of audio answer: the request, and the decoder for what comes back. */
export interface AudioStreamCodec<Req> {
  request(target: DeploymentTarget, request: Req, credential: UpstreamCredential): UpstreamRequest;
  decoder(target: DeploymentTarget): AudioStreamDecoder;
}

/** One model as a provider's own model listing names it. */
export interface UpstreamModel {
  readonly id: string;
  readonly ownedBy: string;
  readonly createdUnix: number;
}

/** The secret a call needs, already decrypted by the caller. */
export interface UpstreamCredential {
  readonly apiKey: string;
  /** Provider-specific extras (e.g. AWS secret key, session token). */
  readonly extras: Readonly<Record<string, string>>;
}

export interface FamilyCapabilities {
  readonly chat: boolean;
  readonly streaming: boolean;
  readonly embeddings: boolean;
  readonly vision: boolean;
  readonly tools: boolean;
  readonly jsonMode: boolean;
  /** Serves /v1/moderations. */
  readonly moderations: boolean;
  /** Serves /v1/audio/transcriptions and /v1/audio/translations. */
  readonly transcriptions: boolean;
  /** Serves /v1/images/generations. */
  readonly imageGeneration: boolean;
  /** Serves /v1/audio/speech. */
  readonly speech: boolean;
  /** Has its own token counter (exact counts); without one, Switchyard's tokenizer estimates. */
  readonly countTokens: boolean;
}

/**
 * Everything Switchyard knows about one provider family's wire format. Each
 * family lives in its own folder of the same shape (api, chat-request,
 * chat-response, chat-stream, errors, usage, and embeddings when it has them).
 */
export interface FamilyCodec {
  readonly family: string;
  readonly capabilities: FamilyCapabilities;
  /**
   * A 400-worthy reason when this family cannot serve the request, naming the
   * model and what it lacks; undefined when it can.
   */
  unsupportedFeature(request: ChatRequest, target: DeploymentTarget): string | undefined;
  chatRequest(target: DeploymentTarget, request: ChatRequest, credential: UpstreamCredential, stream: boolean): UpstreamRequest;
  chatResponse(status: number, headers: UpstreamHeaders, body: Buffer): Mapped<ChatResponse>;
  streamDecoder(): StreamDecoder;
  errorResponse(status: number, headers: UpstreamHeaders, body: Buffer): ErrorInfo;
  rateLimit(headers: UpstreamHeaders): RateLimitInfo;
  /** Like unsupportedFeature, for embeddings (e.g. a model that takes one input per call): the client-facing sentence. */
  unsupportedEmbeddings?(request: EmbeddingsRequest, target: DeploymentTarget): string | undefined;
  embeddingsRequest?(target: DeploymentTarget, request: EmbeddingsRequest, credential: UpstreamCredential): UpstreamRequest;
  embeddingsResponse?(status: number, headers: UpstreamHeaders, body: Buffer): Mapped<EmbeddingsResponse>;
  moderationRequest?(target: DeploymentTarget, request: ModerationRequest, credential: UpstreamCredential): UpstreamRequest;
  moderationResponse?(status: number, headers: UpstreamHeaders, body: Buffer): Mapped<ModerationResponse>;
  /** Like unsupportedFeature, for audio (e.g. a text-only transcriber asked for timestamps): the client-facing sentence. */
  unsupportedTranscription?(request: TranscriptionRequest, target: DeploymentTarget): string | undefined;
  transcriptionRequest?(target: DeploymentTarget, request: TranscriptionRequest, credential: UpstreamCredential): UpstreamRequest;
  transcriptionResponse?(status: number, headers: UpstreamHeaders, body: Buffer): Mapped<TranscriptionResponse>;
  /** Text to speech, streamed back as the provider sends it. */
  readonly speech?: AudioStreamCodec<SpeechRequest>;
  /**
   * Transcripts streamed as they are recognized, on the models that stream
   * (`streams`); the others answer a streamed request in one piece.
   */
  readonly transcriptionStream?: AudioStreamCodec<TranscriptionRequest> & { streams(target: DeploymentTarget): boolean };
  imageRequest?(target: DeploymentTarget, request: ImageRequest, credential: UpstreamCredential): UpstreamRequest;
  imageResponse?(status: number, headers: UpstreamHeaders, body: Buffer): Mapped<ImageResponse>;
  /** The provider's own input-token counter, where it has one. */
  countTokensRequest?(target: DeploymentTarget, request: ChatRequest, credential: UpstreamCredential): UpstreamRequest;
  countTokensResponse?(status: number, headers: UpstreamHeaders, body: Buffer): Mapped<TokenCount>;
  /** The provider's own model listing, where it has one. */
  modelsRequest?(target: DeploymentTarget, credential: UpstreamCredential): UpstreamRequest;
  modelsResponse?(status: number, headers: UpstreamHeaders, body: Buffer): Mapped<UpstreamModel[]>;
}
