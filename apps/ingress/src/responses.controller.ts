import { Controller, Inject, Post, Req, Res } from '@nestjs/common';
import { parseResponsesRequest, renderResponse, responseId, ResponsesEventRenderer, sseEvent } from '@switchyard/openai-api';
import type { ResponsesRequest } from '@switchyard/openai-api';
import type { ChatParser, ChatResponder } from '@switchyard/serving';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { httpInbound, requestedModel, sendJson, sseTransport } from './http-transport';
import { INGRESS_DEPS } from './ingress-deps';
import type { IngressDeps } from './ingress-deps';

/** POST /v1/responses (OpenAI's Responses API) on the one serving pipeline; the mapping lives in @switchyard/openai-api. */
@Controller('v1')
export class ResponsesController {
  constructor(@Inject(INGRESS_DEPS) private readonly deps: IngressDeps) {}

  @Post('responses')
  async create(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    // The responder echoes request fields only the Responses object has (instructions), so it keeps the parsed body.
    let parsed: ResponsesRequest | undefined;
    const parser: ChatParser<unknown> = {
      endpoint: 'responses',
      requestedModel,
      parse: (body) => {
        parsed = parseResponsesRequest(body);
        return parsed.request;
      },
    };
    const responder: ChatResponder<string> = {
      complete: ({ request, response, context, headers, trace }) =>
        sendJson(
          this.deps,
          reply,
          'responses',
          renderResponse(parsed ?? { request, instructions: null }, response, responseId(context.requestId)),
          headers,
          trace,
        ),
      stream: (request, context) => {
        const renderer = new ResponsesEventRenderer(
          parsed ?? { request, instructions: null },
          responseId(context.requestId),
          Math.floor(Date.now() / 1000),
        );
        return {
          renderer: {
            chunk: (event) => renderer.render(event).map((e) => sseEvent(e.type, e.json)),
            error: (error) => renderer.error(error).map((e) => sseEvent(e.type, e.json)),
            end: () => renderer.end().map((e) => sseEvent(e.type, e.json)),
          },
          transport: sseTransport(reply, context.requestId),
        };
      },
    };
    await this.deps.serving.chat(httpInbound(req, 'openai'), parser, responder);
  }
}
