import { Controller, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiError } from '@switchyard/api-errors';
import { ErrorClass } from '@switchyard/contracts';
import type { ChatRequest, RoutedChatResponse } from '@switchyard/contracts';
import type { PiiGuard } from '@switchyard/pii';
import { RequestOutcome } from '@switchyard/ingress-core';
import { ChatChunkRenderer, errorInfoToApiError, parseChatRequest, renderChatCompletion, SSE_DONE, SSE_HEADERS, sseData } from '@switchyard/openai-api';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { once } from 'node:events';
import { admitHttp, bodyBytes } from './http-admission';
import { INGRESS_DEPS } from './ingress-deps';
import type { IngressDeps } from './ingress-deps';
import { routingHeaders } from './routing-headers';

/** POST /v1/chat/completions, byte-compatible with OpenAI's API (JSON and SSE). */
@Controller('v1')
export class ChatCompletionsController {
  constructor(@Inject(INGRESS_DEPS) private readonly deps: IngressDeps) {}

  @Post('chat/completions')
  async create(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { context } = admitHttp(this.deps, req, 'openai');
    const model = typeof (req.body as { model?: unknown } | null)?.model === 'string' ? (req.body as { model: string }).model : '';
    let request: ChatRequest;
    try {
      request = parseChatRequest(req.body);
    } catch (error) {
      this.rejected(new RequestOutcome(context, 'chat.completions', model, false), error, bodyBytes(req));
      throw error;
    }
    // PII policy at the earliest point: what is recorded, and (provider mode) what leaves for the provider.
    const pii = this.deps.pii(context.tenantId);
    context.endUser = pii.forRecord(request.endUser);
    request = pii.chatRequest(request);
    const outcome = new RequestOutcome(context, 'chat.completions', request.model, request.stream);
    outcome.requestBytes = bodyBytes(req);
    try {
      if (request.stream) await this.stream(request, outcome, req, reply, pii);
      else await this.complete(request, outcome, reply, pii);
    } finally {
      this.deps.events.publish(outcome);
    }
  }

  private async complete(request: ChatRequest, outcome: RequestOutcome, reply: FastifyReply, pii: PiiGuard): Promise<void> {
    const routed: RoutedChatResponse = await this.deps.router.chat({ context: outcome.context, request });
    outcome.trace = routed.trace ?? outcome.trace;
    const headers = routingHeaders(routed.trace);
    if (routed.outcome?.$case !== 'response') {
      const error = errorInfoToApiError(routed.outcome?.error ?? { errorClass: ErrorClass.ERROR_CLASS_INTERNAL, message: '', upstreamStatus: 0, retryAfterMs: 0, providerCode: '', param: '' });
      outcome.fail(error.status, routed.outcome?.error.errorClass ?? ErrorClass.ERROR_CLASS_INTERNAL, error.message);
      throw new ApiError(error.status, error.type, error.code, error.message, error.param, { ...error.headers, ...headers });
    }
    const response = routed.outcome.response;
    outcome.usage = response.usage ?? outcome.usage;
    outcome.markFirstToken();
    const body = JSON.stringify(renderChatCompletion(pii.chatResponse(response), completionId(outcome.context.requestId)));
    outcome.responseBytes = Buffer.byteLength(body);
    void reply.code(200).headers(headers).header('content-type', 'application/json').send(body);
  }

  private async stream(request: ChatRequest, outcome: RequestOutcome, req: FastifyRequest, reply: FastifyReply, pii: PiiGuard): Promise<void> {
    const abort = new AbortController();
    const raw = reply.raw;
    const onClose = (): void => {
      if (!raw.writableFinished) abort.abort(new Error('client went away'));
    };
    raw.on('close', onClose);
    const renderer = new ChatChunkRenderer(completionId(outcome.context.requestId), Math.floor(Date.now() / 1000), request.model, request.includeUsage);
    let started = false;
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
        for (const chunk of pii.streamEvent(e.chunk)) {
          const inner = chunk.event;
          if (inner?.$case === 'usage') outcome.usage = inner.usage;
          if (inner?.$case === 'delta' && (inner.delta.content || inner.delta.toolCalls.length > 0)) outcome.markFirstToken();
          let frame: string | undefined;
          if (inner?.$case === 'error') {
            const error = errorInfoToApiError(inner.error);
            outcome.fail(error.status, inner.error.errorClass, error.message);
            frame = sseData(JSON.stringify(error.toBody()));
          } else {
            const json = renderer.render(chunk);
            frame = json === undefined ? undefined : sseData(json);
          }
          if (frame !== undefined && started) {
            outcome.responseBytes += Buffer.byteLength(frame);
            if (!raw.write(frame)) await once(raw, 'drain');
          }
        }
      }
      if (started) {
        if (outcome.errorClass === ErrorClass.ERROR_CLASS_UNSPECIFIED) raw.write(SSE_DONE);
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
      outcome.fail(502, ErrorClass.ERROR_CLASS_STREAM_INTERRUPTED, 'The stream broke.');
      raw.end();
    } finally {
      raw.off('close', onClose);
    }
  }

  private rejected(outcome: RequestOutcome, error: unknown, bytes: number): void {
    const apiError = error instanceof ApiError ? error : ApiError.internal();
    outcome.requestBytes = bytes;
    outcome.fail(apiError.status, ErrorClass.ERROR_CLASS_INVALID_REQUEST, apiError.message);
    this.deps.events.publish(outcome);
  }
}

export function completionId(requestId: string): string {
  return `chatcmpl-${requestId.replace(/^req_/, '')}`;
}
