import type { ApiError } from '@switchyard/api-errors';
import type {
  AudioStreamEvent,
  ChatRequest,
  ChatResponse,
  ChatStreamEvent,
  EmbeddingsRequest,
  EmbeddingsResponse,
  ImageRequest,
  ImageResponse,
  ModerationRequest,
  ModerationResponse,
  RequestContext,
  RoutingTrace,
  TokenCount,
  TranscriptionRequest,
  TranscriptionResponse,
} from '@switchyard/contracts';
import type { AdmissionInput, Endpoint, RequestOutcome } from '@switchyard/requests';

/** One request as a transport hands it to the pipeline: who is calling, and the body in the surface's own form. */
export interface Inbound<Body> {
  /** Admission input; its endUser is ignored (the parsed request names the end user). */
  readonly admission: AdmissionInput;
  readonly body: Body;
  /** Size of the body on the wire, for the request event (0 where the transport does not count it). */
  readonly bodyBytes: number;
  /** Called once with the request's outcome as it is published (e.g. to put its ids on the transport's log line). */
  readonly recorded?: (outcome: RequestOutcome) => void;
}

/** How one API surface reads a chat body (OpenAI chat completions, Anthropic messages, the gRPC Gateway, …). */
export interface ChatParser<Body> {
  readonly endpoint: Extract<Endpoint, 'chat.completions' | 'messages' | 'responses'>;
  /** The model the body names, recorded when the body is refused. */
  requestedModel(body: Body): string;
  /** Surface-specific parsing and checks (async where the body names stored state, e.g. previous_response_id); throws the ApiError the caller sees. */
  parse(body: Body, context: RequestContext): ChatRequest | Promise<ChatRequest>;
}

/** A routed, non-streaming answer, PII policy already applied. */
export interface Completion {
  readonly request: ChatRequest;
  readonly context: RequestContext;
  readonly response: ChatResponse;
  readonly trace: RoutingTrace;
  /** The routing headers (x-switchyard-*) for surfaces that have headers. */
  readonly headers: Record<string, string>;
  /** The tenant's PII policy for what is kept (records), for surfaces that store the answer. */
  readonly forRecord: (text: string) => string;
}

/** How one surface writes a stream: frames per chunk, the in-band error that ends it, the end. */
export interface StreamRenderer<Frame> {
  chunk(event: ChatStreamEvent): readonly Frame[];
  /** `event` is the provider's error chunk, when there is one. */
  error(error: ApiError, event?: ChatStreamEvent): readonly Frame[];
  /** Async where the surface keeps the finished answer first (a stored response is there before its last event). */
  end(): readonly Frame[] | Promise<readonly Frame[]>;
}

/** How one surface writes an audio stream: speech bytes or transcript events, the in-band error, the end. */
export interface AudioStreamRenderer<Frame> {
  chunk(event: AudioStreamEvent): readonly Frame[];
  error(error: ApiError): readonly Frame[];
  end(): readonly Frame[];
}

/** How an audio stream is answered on one surface: rendering plus its transport. */
export interface AudioStreamResponder<Request, Frame> {
  stream(request: Request, context: RequestContext): { renderer: AudioStreamRenderer<Frame>; transport: StreamTransport<Frame> };
}

/** The connection a stream is written to (an HTTP response, a gRPC server stream). */
export interface StreamTransport<Frame> {
  /** Aborted when the client goes away. */
  readonly signal: AbortSignal;
  /** A deployment answered: commit the response (status, headers) before the first frame. */
  open(trace: RoutingTrace): void;
  /** Writes one frame, waiting while the client is slow (backpressure); returns the bytes written, 0 if uncounted. */
  write(frame: Frame): Promise<number>;
  /** Ends the response after the last frame. */
  close(): void;
  /** The stream broke after it opened: end it, with the rendered error frames where the surface has them. */
  broke(error: ApiError, frames: readonly Frame[]): void;
  /** The client went away: drop the connection. */
  drop(): void;
  /** Releases listeners once the stream is over. */
  release(): void;
}

/** How a chat request is answered on one surface: rendering plus its transport. */
export interface ChatResponder<Frame> {
  /** Renders and sends a completion; returns the bytes sent (0 if uncounted). */
  complete(completion: Completion): number | Promise<number>;
  /** The renderer and transport for a streamed answer; `forRecord` as on a Completion. */
  stream(
    request: ChatRequest,
    context: RequestContext,
    forRecord: (text: string) => string,
  ): { renderer: StreamRenderer<Frame>; transport: StreamTransport<Frame> };
}

/** How one surface reads an embeddings body; `Parsed` carries what its renderer needs besides the request. */
export interface EmbeddingsParser<Body, Parsed extends { readonly request: EmbeddingsRequest }> {
  requestedModel(body: Body): string;
  parse(body: Body): Parsed;
}

export interface Embedded<Parsed> {
  readonly parsed: Parsed;
  readonly response: EmbeddingsResponse;
  readonly trace: RoutingTrace;
  readonly headers: Record<string, string>;
}

/** How one surface reads a body that becomes one request of another kind (moderation, token count). */
export interface OneShotParser<Body, Request> {
  requestedModel(body: Body): string;
  /** Surface-specific parsing and checks; throws the ApiError the caller sees. */
  parse(body: Body): Request;
}

/** A routed one-shot answer (moderation, transcription, image), PII policy applied, ready for the surface to render. */
export interface OneShotAnswer<Request, Response> {
  readonly request: Request;
  readonly context: RequestContext;
  readonly response: Response;
  readonly trace: RoutingTrace;
  readonly headers: Record<string, string>;
}

export type Moderated = OneShotAnswer<ModerationRequest, ModerationResponse>;
/** A transcription or translation; the surface renders it in the response format the caller asked for. */
export type Transcribed = OneShotAnswer<TranscriptionRequest, TranscriptionResponse>;

/** A token count; its headers carry x-switchyard-usage-estimated when Switchyard's tokenizer counted. */
export interface Counted {
  readonly request: ChatRequest;
  readonly count: TokenCount;
  readonly trace: RoutingTrace;
  readonly headers: Record<string, string>;
}

export type Generated = OneShotAnswer<ImageRequest, ImageResponse>;
