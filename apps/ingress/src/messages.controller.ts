import { Controller, Inject, OnModuleInit, Post, Req, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  anthropicErrorBody,
  MessageStreamRenderer,
  messageId,
  openAiErrorToAnthropic,
  parseCountTokensRequest,
  parseMessagesRequest,
  renderMessage,
  renderTokenCount,
} from '@switchyard/anthropic-api';
import type { ChatRequest } from '@switchyard/contracts';
import { sseEvent } from '@switchyard/openai-api';
import type { ChatParser, ChatResponder, OneShotParser, StreamRenderer } from '@switchyard/serving';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { httpInbound, requestedModel, sendJson, sseTransport } from './http-transport';
import { INGRESS_DEPS } from './ingress-deps';
import type { IngressDeps } from './ingress-deps';

const MESSAGES_PATH = /^\/v1\/messages(?:[/?]|$)/;
const ANTHROPIC_MESSAGES: ChatParser<unknown> = { endpoint: 'messages', requestedModel, parse: parseMessagesRequest };
const ANTHROPIC_COUNT_TOKENS: OneShotParser<unknown, ChatRequest> = { requestedModel, parse: parseCountTokensRequest };

/**
 * POST /v1/messages, Anthropic's Messages API (JSON and SSE), so Anthropic
 * SDK users switch by base URL. Same serving pipeline (x-api-key admission,
 * routing, events) as /v1/chat/completions; any model behind any provider family.
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
    const responder: ChatResponder<string> = {
      complete: ({ request, response, context, headers, trace }) =>
        sendJson(this.deps, reply, 'messages', renderMessage(response, messageId(context.requestId), request.model), headers, trace),
      stream: (request, context) => ({
        renderer: anthropicStream(messageId(context.requestId), request.model, context.requestId),
        transport: sseTransport(reply, context.requestId),
      }),
    };
    await this.deps.serving.chat(httpInbound(req, 'anthropic'), ANTHROPIC_MESSAGES, responder);
  }

  /** Exact on families with a token counter (Anthropic); elsewhere Switchyard's tokenizer, with x-switchyard-usage-estimated: true. */
  @Post('messages/count_tokens')
  async countTokens(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.deps.serving.countTokens(httpInbound(req, 'anthropic'), ANTHROPIC_COUNT_TOKENS, ({ count, headers, trace }) =>
      sendJson(this.deps, reply, 'messages.count_tokens', renderTokenCount(count.inputTokens), headers, trace),
    );
  }
}

function anthropicStream(id: string, model: string, requestId: string): StreamRenderer<string> {
  const renderer = new MessageStreamRenderer(id, model);
  return {
    chunk: (event) => renderer.render(event),
    error: (error) => [sseEvent('error', JSON.stringify(anthropicErrorBody(error.status, error.message, requestId)))],
    end: () => renderer.end(),
  };
}
