import { Controller, Inject, OnModuleInit, Post, Req, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { anthropicErrorBody, MessageStreamRenderer, messageId, openAiErrorToAnthropic, parseMessagesRequest, renderMessage } from '@switchyard/anthropic-api';
import { ApiError } from '@switchyard/api-errors';
import { ErrorClass, ErrorInfo } from '@switchyard/contracts';
import type { ChatRequest } from '@switchyard/contracts';
import { RequestOutcome } from '@switchyard/ingress-core';
import { errorInfoToApiError, SSE_HEADERS, sseEvent } from '@switchyard/openai-api';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { once } from 'node:events';
import { admitHttp, bodyBytes } from './http-admission';
import { INGRESS_DEPS } from './ingress-deps';
import type { IngressDeps } from './ingress-deps';
import { routingHeaders } from './routing-headers';

const MESSAGES_PATH = /^\/v1\/messages(?:[/?]|$)/;

/**
 * POST /v1/messages, Anthropic's Messages API (JSON and SSE), so Anthropic
 * SDK users switch by base URL. Same admission (x-api-key), routing and
 * events as /v1/chat/completions; any model behind any provider family.
 * Errors keep their HTTP status and take Anthropic's body shape.
 */
@Controller('v1')
export class MessagesController implements OnModuleInit {
  constructor(
    @Inject(INGRESS_DEPS) private readonly deps: IngressDeps,
    @Inject(HttpAdapterHost) private readonly http: HttpAdapterHost,
  ) {}

  /** Errors raised anywhere on this surface (admission, body parsing, routing) leave in Anthropic's shape. */
  onModuleInit(): void {
    const fastify = this.http.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onSend', async (request, reply, payload) => {
      if (reply.statusCode < 400 || typeof payload !== 'string' || !MESSAGES_PATH.test(request.url)) return payload;
      return openAiErrorToAnthropic(reply.statusCode, payload, request.id) ?? payload;
    });
  }

  @Post('messages')
  async create(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { context } = admitHttp(this.deps, req, 'anthropic');
    const model = typeof (req.body as { model?: unknown } | null)?.model === 'string' ? (req.body as { model: string }).model : '';
    let request: ChatRequest;
    try {
      request = parseMessagesRequest(req.body);
    } catch (error) {
      const outcome = new RequestOutcome(context, 'messages', model, false);
      const apiError = error instanceof ApiError ? error : ApiError.internal();
      outcome.requestBytes = bodyBytes(req);
      outcome.fail(apiError.status, ErrorClass.ERROR_CLASS_INVALID_REQUEST, apiError.message);
      this.deps.events.publish(outcome);
      throw error;
    }
    context.endUser = request.endUser;
    const outcome = new RequestOutcome(context, 'messages', request.model, request.stream);
    outcome.requestBytes = bodyBytes(req);
    try {
      if (request.stream) await this.stream(request, outcome, req, reply);
      else await this.complete(request, outcome, reply);
    } finally {
      this.deps.events.publish(outcome);
    }
  }

  private async complete(request: ChatRequest, outcome: RequestOutcome, reply: FastifyReply): Promise<void> {
    const routed = await this.deps.router.chat({ context: outcome.context, request });
    outcome.trace = routed.trace ?? outcome.trace;
    const headers = routingHeaders(routed.trace);
    if (routed.outcome?.$case !== 'response') {
      const info = routed.outcome?.error ?? ErrorInfo.fromPartial({ errorClass: ErrorClass.ERROR_CLASS_INTERNAL });
      const error = errorInfoToApiError(info);
      outcome.fail(error.status, info.errorClass, error.message);
      throw new ApiError(error.status, error.type, error.code, error.message, error.param, { ...error.headers, ...headers });
    }
    const response = routed.outcome.response;
    outcome.usage = response.usage ?? outcome.usage;
    outcome.markFirstToken();
    const body = JSON.stringify(renderMessage(response, messageId(outcome.context.requestId), request.model));
    outcome.responseBytes = Buffer.byteLength(body);
    void reply.code(200).headers(headers).header('content-type', 'application/json').send(body);
  }

  private async stream(request: ChatRequest, outcome: RequestOutcome, req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const abort = new AbortController();
    const raw = reply.raw;
    const onClose = (): void => {
      if (!raw.writableFinished) abort.abort(new Error('client went away'));
    };
    raw.on('close', onClose);
    const renderer = new MessageStreamRenderer(messageId(outcome.context.requestId), request.model);
    let started = false;
    const write = async (frames: string[]): Promise<void> => {
      for (const frame of frames) {
        outcome.responseBytes += Buffer.byteLength(frame);
        if (!raw.write(frame)) await once(raw, 'drain');
      }
    };
    try {
      for await (const event of this.deps.router.chatStream({ context: outcome.context, request }, abort.signal)) {
        const e = event.event;
        if (!e) continue;
        if (e.$case === 'failed') {
          outcome.trace = e.failed.trace ?? outcome.trace;
          const error = errorInfoToApiError(e.failed.error!);
          outcome.fail(error.status, e.failed.error!.errorClass, error.message);
          throw new ApiError(error.status, error.type, error.code, error.message, error.param, { ...error.headers, ...routingHeaders(e.failed.trace) });
        }
        if (e.$case === 'started') {
          outcome.trace = e.started.trace ?? outcome.trace;
          reply.hijack();
          raw.writeHead(200, { ...SSE_HEADERS, ...routingHeaders(e.started.trace), 'x-request-id': outcome.context.requestId });
          started = true;
          continue;
        }
        const inner = e.chunk.event;
        if (inner?.$case === 'usage') outcome.usage = inner.usage;
        if (inner?.$case === 'delta' && (inner.delta.content || inner.delta.toolCalls.length > 0)) outcome.markFirstToken();
        if (!started) continue;
        if (inner?.$case === 'error') {
          const error = errorInfoToApiError(inner.error);
          outcome.fail(error.status, inner.error.errorClass, error.message);
          await write([sseEvent('error', JSON.stringify(anthropicErrorBody(error.status, error.message, outcome.context.requestId)))]);
          break;
        }
        await write(renderer.render(e.chunk));
      }
      if (started) {
        if (outcome.errorClass === ErrorClass.ERROR_CLASS_UNSPECIFIED) await write(renderer.end());
        raw.end();
      }
    } catch (error) {
      if (abort.signal.aborted) {
        outcome.fail(499, ErrorClass.ERROR_CLASS_STREAM_INTERRUPTED, 'The client closed the connection.');
        raw.destroy();
        return;
      }
      if (!started) throw error;
      this.deps.log.error({ err: error, requestId: req.id }, 'messages stream failed after it started');
      outcome.fail(502, ErrorClass.ERROR_CLASS_STREAM_INTERRUPTED, 'The stream broke.');
      raw.end(sseEvent('error', JSON.stringify(anthropicErrorBody(502, 'The stream broke.', outcome.context.requestId))));
    } finally {
      raw.off('close', onClose);
    }
  }
}
