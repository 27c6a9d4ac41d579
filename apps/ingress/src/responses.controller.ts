import { Controller, Delete, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { ChatRequest, RequestContext } from '@switchyard/contracts';
import { bareResponsesRequest, renderResponse, responseId, ResponsesEventRenderer, sseEvent } from '@switchyard/openai-api';
import type { OpenAiResponse, ResponsesRequest } from '@switchyard/openai-api';
import type { ChatParser, ChatResponder } from '@switchyard/serving';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { httpInbound, requestedModel, sendJson, sseTransport } from './http-transport';
import { INGRESS_DEPS } from './ingress-deps';
import type { IngressDeps } from './ingress-deps';

/**
 * OpenAI's Responses API on the one serving pipeline: POST /v1/responses,
 * and the stored responses (GET, DELETE, input_items). The mapping and the
 * conversation state live in @switchyard/openai-api.
 */
@Controller('v1')
export class ResponsesController {
  constructor(@Inject(INGRESS_DEPS) private readonly deps: IngressDeps) {}

  @Post('responses')
  async create(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    // The responder echoes request fields only the Responses object has (instructions, store), so it keeps the parsed body.
    let parsed: ResponsesRequest | undefined;
    const parser: ChatParser<unknown> = {
      endpoint: 'responses',
      requestedModel,
      parse: async (body, context) => {
        parsed = await this.deps.responses.parse(context.tenantId, body);
        return parsed.request;
      },
    };
    const responder: ChatResponder<string> = {
      complete: async ({ request, response, context, headers, trace, forRecord }) => {
        const answer = renderResponse(parsed ?? bareResponsesRequest(request), response, responseId(context.requestId));
        await this.keep(context, parsed, request, answer, forRecord);
        return sendJson(this.deps, reply, 'responses', answer, headers, trace);
      },
      stream: (request, context, forRecord) => {
        const renderer = new ResponsesEventRenderer(
          parsed ?? bareResponsesRequest(request),
          responseId(context.requestId),
          Math.floor(Date.now() / 1000),
        );
        return {
          renderer: {
            chunk: (event) => renderer.render(event).map((e) => sseEvent(e.type, e.json)),
            error: (error) => renderer.error(error).map((e) => sseEvent(e.type, e.json)),
            end: async () => {
              const events = renderer.end();
              // Kept before the last event goes out, so a retrieve after the stream finds it.
              if (renderer.finalResponse) await this.keep(context, parsed, request, renderer.finalResponse, forRecord);
              return events.map((e) => sseEvent(e.type, e.json));
            },
          },
          transport: sseTransport(reply, context.requestId),
        };
      },
    };
    await this.deps.serving.chat(httpInbound(req, 'openai'), parser, responder);
  }

  @Get('responses/:id')
  async retrieve(@Req() req: FastifyRequest, @Param('id') id: string): Promise<OpenAiResponse> {
    return this.deps.responses.retrieve(this.tenantOf(req), id);
  }

  @Delete('responses/:id')
  async delete(@Req() req: FastifyRequest, @Param('id') id: string): Promise<unknown> {
    return this.deps.responses.delete(this.tenantOf(req), id);
  }

  @Get('responses/:id/input_items')
  async inputItems(@Req() req: FastifyRequest, @Param('id') id: string, @Query() query: unknown): Promise<unknown> {
    return this.deps.responses.inputItems(this.tenantOf(req), id, query);
  }

  private tenantOf(req: FastifyRequest): string {
    return this.deps.serving.admit(httpInbound(req, 'openai')).tenantId;
  }

  /** A store that is away costs the stored copy, not the answer the caller paid for: logged, and the answer still sent. */
  private async keep(
    context: RequestContext,
    parsed: ResponsesRequest | undefined,
    request: ChatRequest,
    answer: OpenAiResponse,
    forRecord: (text: string) => string,
  ): Promise<void> {
    if (!parsed) return;
    try {
      await this.deps.responses.keep(context.tenantId, parsed, request, answer, forRecord);
    } catch (err) {
      this.deps.log.error({ err, requestId: context.requestId }, 'stored response not kept');
    }
  }
}
