import { Controller, Inject, Post, Req, Res } from '@nestjs/common';
import type { ChatRequest } from '@switchyard/contracts';
import { ChatChunkRenderer, parseChatRequest, renderChatCompletion, SSE_DONE, sseData } from '@switchyard/openai-api';
import type { ChatParser, ChatResponder, StreamRenderer } from '@switchyard/serving';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { httpInbound, requestedModel, sendJson, sseTransport } from './http-transport';
import { INGRESS_DEPS } from './ingress-deps';
import type { IngressDeps } from './ingress-deps';

const OPENAI_CHAT: ChatParser<unknown> = { endpoint: 'chat.completions', requestedModel, parse: parseChatRequest };

/** POST /v1/chat/completions, byte-compatible with OpenAI's API (JSON and SSE). */
@Controller('v1')
export class ChatCompletionsController {
  constructor(@Inject(INGRESS_DEPS) private readonly deps: IngressDeps) {}

  @Post('chat/completions')
  async create(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const responder: ChatResponder<string> = {
      complete: ({ response, context, headers, trace }) =>
        sendJson(this.deps, reply, 'chat.completions', renderChatCompletion(response, completionId(context.requestId)), headers, trace),
      stream: (request, context) => ({
        renderer: openAiStream(context.requestId, request),
        transport: sseTransport(reply, context.requestId),
      }),
    };
    await this.deps.serving.chat(httpInbound(req, 'openai'), OPENAI_CHAT, responder);
  }
}

function openAiStream(requestId: string, request: ChatRequest): StreamRenderer<string> {
  const renderer = new ChatChunkRenderer(completionId(requestId), Math.floor(Date.now() / 1000), request.model, request.includeUsage);
  return {
    chunk: (event) => {
      const json = renderer.render(event);
      return json === undefined ? [] : [sseData(json)];
    },
    error: (error) => [sseData(JSON.stringify(error.toBody()))],
    end: () => [SSE_DONE],
  };
}

export function completionId(requestId: string): string {
  return `chatcmpl-${requestId.replace(/^req_/, '')}`;
}
