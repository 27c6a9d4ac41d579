import { ErrorClass, RequestEvent, RoutingTrace, Usage } from '@switchyard/contracts';
import type { EventMeta, RequestContext } from '@switchyard/contracts';

export const REQUEST_EVENT_SCHEMA_VERSION = 1;

export type Endpoint =
  | 'chat.completions'
  | 'embeddings'
  | 'messages'
  | 'responses'
  | 'moderations'
  | 'messages.count_tokens'
  | 'audio.transcriptions'
  | 'audio.translations'
  | 'audio.speech'
  | 'images.generations';

/**
 * Collects what happens to one client request (routing, usage, status,
 * timing, bytes) while it is served, and becomes its requests.v1 event.
 */
export class RequestOutcome {
  trace: RoutingTrace = RoutingTrace.fromPartial({});
  usage: Usage = Usage.fromPartial({});
  httpStatus = 200;
  errorClass: ErrorClass = ErrorClass.ERROR_CLASS_UNSPECIFIED;
  errorMessage = '';
  ttftMs = 0;
  requestBytes = 0;
  responseBytes = 0;
  private readonly startedAt = performance.now();

  constructor(
    readonly context: RequestContext,
    readonly endpoint: Endpoint,
    readonly requestedModel: string,
    readonly stream: boolean,
  ) {}

  markFirstToken(): void {
    if (this.ttftMs === 0) this.ttftMs = Math.max(1, Math.round(performance.now() - this.startedAt));
  }

  fail(status: number, errorClass: ErrorClass, message: string): void {
    this.httpStatus = status;
    this.errorClass = errorClass;
    this.errorMessage = message;
  }

  toEvent(meta: EventMeta): RequestEvent {
    return RequestEvent.fromPartial({
      meta,
      context: this.context,
      endpoint: this.endpoint,
      requestedModel: this.requestedModel,
      stream: this.stream,
      httpStatus: this.httpStatus,
      errorClass: this.errorClass,
      errorMessage: this.errorMessage,
      latencyMs: Math.round(performance.now() - this.startedAt),
      ttftMs: this.ttftMs,
      trace: this.trace,
      usage: this.usage,
      requestBytes: this.requestBytes,
      responseBytes: this.responseBytes,
    });
  }
}
