import { Controller, Inject, OnModuleInit, Post, Req, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  anthropicErrorBody,
  MessageStreamRenderer,
  messageId,
  openAiErrorToAnthropic,
  parseMessagesRequest,
  renderMessage,
} from '@switchyard/anthropic-api';
import type { ChatRequest } from '@switchyard/contracts';
import { RequestOutcome } from '@switchyard/requests';
import { sseEvent } from '@switchyard/openai-api';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requestedModel } from './chat-completions.controller';
import { ChatServing, newOutcome, StreamSurface } from './chat-serving';
import { admitHttp } from './http-admission';
import { INGRESS_DEPS } from './ingress-deps';
import type { IngressDeps } from './ingress-deps';

const MESSAGES_PATH = /^\/v1\/messages(?:[/?]|$)/;

/**
 * POST /v1/messages, Anthropic's Messages API (JSON and SSE), so Anthropic
 * SDK users switch by base URL. Same admission (x-api-key), routing and
 * events as /v1/chat/completions; any model behind any provider family.
 * Errors keep their HTTP status and take Anthropic's body shape.
 */
@Controller('v1')
export class MessagesController implements OnModuleInit {
  private readonly serving: ChatServing;

  constructor(
    @Inject(INGRESS_DEPS) private readonly deps: IngressDeps,
    @Inject(HttpAdapterHost) private readonly http: HttpAdapterHost,
  ) {
    this.serving = new ChatServing(deps);
  }

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
    let request: ChatRequest;
    try {
      request = parseMessagesRequest(req.body);
    } catch (error) {
      this.serving.rejected(new RequestOutcome(context, 'messages', requestedModel(req), false), req, error);
    }
    const pii = this.deps.pii(context.tenantId);
    pii.identifyEndUser(context, request.endUser);
    request = pii.chatRequest(request);
    const outcome = newOutcome(context, 'messages', request);
    await this.serving.serve(outcome, req, async () => {
      const id = messageId(outcome.context.requestId);
      if (request.stream) {
        await this.serving.stream(request, outcome, req, reply, pii, anthropicStream(id, request.model, outcome.context.requestId));
        return;
      }
      const { response, headers } = await this.serving.complete(request, outcome, pii);
      const body = JSON.stringify(renderMessage(response, id, request.model));
      outcome.responseBytes = Buffer.byteLength(body);
      void reply.code(200).headers(headers).header('content-type', 'application/json').send(body);
      this.deps.overhead.observe('messages', reply.elapsedTime, outcome.trace);
    });
  }
}

function anthropicStream(id: string, model: string, requestId: string): StreamSurface {
  const renderer = new MessageStreamRenderer(id, model);
  return {
    chunk: (event) => renderer.render(event),
    error: (error) => sseEvent('error', JSON.stringify(anthropicErrorBody(error.status, error.message, requestId))),
    end: () => renderer.end(),
  };
}
