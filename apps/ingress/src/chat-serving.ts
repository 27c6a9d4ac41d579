import { ApiError } from '@switchyard/api-errors';
import { ErrorClass, ErrorInfo } from '@switchyard/contracts';
import type { ChatRequest, ChatResponse, ChatStreamEvent } from '@switchyard/contracts';
import { RequestOutcome } from '@switchyard/requests';
import type { Endpoint } from '@switchyard/requests';
import { errorInfoToApiError, SSE_HEADERS } from '@switchyard/openai-api';
import type { PiiGuard } from '@switchyard/pii';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { once } from 'node:events';
import { bodyBytes, logOutcome } from './http-admission';
import type { IngressDeps } from './ingress-deps';
import { routingHeaders } from './routing-headers';

/** How one API surface (OpenAI, Anthropic) writes a stream: frames per event, an error frame, the end. */
export interface StreamSurface {
  chunk(event: ChatStreamEvent): string[];
  error(error: ApiError): string;
  end(): string[];
}

export interface Completion {
  readonly response: ChatResponse;
  readonly headers: Record<string, string>;
}

/**
 * Serving a chat request is the same whatever the surface: route it, apply the
 * tenant's PII policy on the way back, relay streams chunk by chunk with
 * backpressure, cancel upstream when the client goes away, and record one
 * request event. Surfaces differ only in how they parse and render.
 */
export class ChatServing {
  constructor(private readonly deps: IngressDeps) {}

  /** Records a request refused before routing (invalid body) and rethrows its error. */
  rejected(outcome: RequestOutcome, req: FastifyRequest, error: unknown): never {
    const apiError = error instanceof ApiError ? error : ApiError.internal();
    logOutcome(req, outcome);
    outcome.requestBytes = bodyBytes(req);
    outcome.fail(apiError.status, ErrorClass.ERROR_CLASS_INVALID_REQUEST, apiError.message);
    this.deps.events.publish(outcome);
    throw error;
  }

  /** Runs `serve` for an admitted request and publishes its request event whatever happens. */
  async serve<T>(outcome: RequestOutcome, req: FastifyRequest, serve: () => Promise<T>): Promise<T> {
    logOutcome(req, outcome);
    outcome.requestBytes = bodyBytes(req);
    try {
      return await serve();
    } finally {
      this.deps.events.publish(outcome);
    }
  }

  async complete(request: ChatRequest, outcome: RequestOutcome, pii: PiiGuard): Promise<Completion> {
    const routed = await this.deps.router.chat({ context: outcome.context, request });
    outcome.trace = routed.trace ?? outcome.trace;
    const headers = routingHeaders(routed.trace);
    if (routed.outcome?.$case !== 'response') {
      throw this.failed(outcome, routed.outcome?.error, headers);
    }
    outcome.usage = routed.outcome.response.usage ?? outcome.usage;
    outcome.markFirstToken();
    return { response: pii.chatResponse(routed.outcome.response), headers };
  }

  async stream(
    request: ChatRequest,
    outcome: RequestOutcome,
    req: FastifyRequest,
    reply: FastifyReply,
    pii: PiiGuard,
    surface: StreamSurface,
  ): Promise<void> {
    const abort = new AbortController();
    const raw = reply.raw;
    const onClose = (): void => {
      if (!raw.writableFinished) abort.abort(new Error('client went away'));
    };
    raw.on('close', onClose);
    let started = false;
    const write = async (frames: readonly string[]): Promise<void> => {
      for (const frame of frames) {
        outcome.responseBytes += Buffer.byteLength(frame);
        // Backpressure: a slow client slows the upstream read instead of piling up here.
        if (!raw.write(frame)) await once(raw, 'drain');
      }
    };
    try {
      relay: for await (const event of this.deps.router.chatStream({ context: outcome.context, request }, abort.signal)) {
        const e = event.event;
        if (!e) continue;
        if (e.$case === 'failed') {
          outcome.trace = e.failed.trace ?? outcome.trace;
          throw this.failed(outcome, e.failed.error, routingHeaders(e.failed.trace));
        }
        if (e.$case === 'started') {
          outcome.trace = e.started.trace ?? outcome.trace;
          reply.hijack();
          raw.writeHead(200, { ...SSE_HEADERS, ...routingHeaders(e.started.trace), 'x-request-id': outcome.context.requestId });
          started = true;
          continue;
        }
        for (const chunk of pii.streamEvent(e.chunk)) {
          const inner = chunk.event;
          if (inner?.$case === 'usage') outcome.usage = inner.usage;
          if (inner?.$case === 'delta' && (inner.delta.content || inner.delta.toolCalls.length > 0)) outcome.markFirstToken();
          if (inner?.$case === 'error') {
            const error = errorInfoToApiError(inner.error);
            outcome.fail(error.status, inner.error.errorClass, error.message);
            await write([surface.error(error)]);
            break relay;
          }
          await write(surface.chunk(chunk));
        }
      }
      if (started) {
        if (outcome.errorClass === ErrorClass.ERROR_CLASS_UNSPECIFIED) await write(surface.end());
        raw.end();
      }
    } catch (error) {
      if (abort.signal.aborted) {
        outcome.fail(499, ErrorClass.ERROR_CLASS_STREAM_INTERRUPTED, 'The client closed the connection.');
        raw.destroy();
        return;
      }
      if (!started) throw error;
      this.deps.log.error({ err: error, requestId: req.id }, 'stream failed after it started');
      const broken = new ApiError(502, 'api_error', 'stream_interrupted', 'The stream broke.');
      outcome.fail(502, ErrorClass.ERROR_CLASS_STREAM_INTERRUPTED, broken.message);
      raw.end(surface.error(broken));
    } finally {
      raw.off('close', onClose);
    }
  }

  private failed(outcome: RequestOutcome, info: ErrorInfo | undefined, headers: Record<string, string>): ApiError {
    const error = errorInfoToApiError(info ?? ErrorInfo.fromPartial({ errorClass: ErrorClass.ERROR_CLASS_INTERNAL }));
    outcome.fail(error.status, info?.errorClass ?? ErrorClass.ERROR_CLASS_INTERNAL, error.message);
    return new ApiError(error.status, error.type, error.code, error.message, error.param, { ...error.headers, ...headers });
  }
}

export function newOutcome(context: RequestOutcome['context'], endpoint: Endpoint, request: ChatRequest): RequestOutcome {
  return new RequestOutcome(context, endpoint, request.model, request.stream);
}
