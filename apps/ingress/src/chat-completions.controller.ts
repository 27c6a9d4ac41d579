import { Controller, Inject, Post, Req, Res } from '@nestjs/common';
import type { ChatRequest } from '@switchyard/contracts';
import { RequestOutcome } from '@switchyard/requests';
import { ChatChunkRenderer, parseChatRequest, renderChatCompletion, SSE_DONE, sseData } from '@switchyard/openai-api';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ChatServing, newOutcome, StreamSurface } from './chat-serving';
import { admitHttp } from './http-admission';
import { INGRESS_DEPS } from './ingress-deps';
import type { IngressDeps } from './ingress-deps';

/** POST /v1/chat/completions, byte-compatible with OpenAI's API (JSON and SSE). */
@Controller('v1')
export class ChatCompletionsController {
  private readonly serving: ChatServing;

  constructor(@Inject(INGRESS_DEPS) private readonly deps: IngressDeps) {
    this.serving = new ChatServing(deps);
  }

  @Post('chat/completions')
  async create(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { context } = admitHttp(this.deps, req, 'openai');
    let request: ChatRequest;
    try {
      request = parseChatRequest(req.body);
    } catch (error) {
      this.serving.rejected(new RequestOutcome(context, 'chat.completions', requestedModel(req), false), req, error);
    }
    // PII policy at the earliest point: what is recorded, and (provider mode) what leaves for the provider.
    const pii = this.deps.pii(context.tenantId);
    pii.identifyEndUser(context, request.endUser);
    request = pii.chatRequest(request);
    const outcome = newOutcome(context, 'chat.completions', request);
    await this.serving.serve(outcome, req, async () => {
      if (request.stream) {
        await this.serving.stream(request, outcome, req, reply, pii, openAiStream(outcome.context.requestId, request));
        return;
      }
      const { response, headers } = await this.serving.complete(request, outcome, pii);
      const body = JSON.stringify(renderChatCompletion(response, completionId(outcome.context.requestId)));
      outcome.responseBytes = Buffer.byteLength(body);
      void reply.code(200).headers(headers).header('content-type', 'application/json').send(body);
      this.deps.overhead.observe('chat.completions', reply.elapsedTime, outcome.trace);
    });
  }
}

function openAiStream(requestId: string, request: ChatRequest): StreamSurface {
  const renderer = new ChatChunkRenderer(completionId(requestId), Math.floor(Date.now() / 1000), request.model, request.includeUsage);
  return {
    chunk: (event) => {
      const json = renderer.render(event);
      return json === undefined ? [] : [sseData(json)];
    },
    error: (error) => sseData(JSON.stringify(error.toBody())),
    end: () => [SSE_DONE],
  };
}

export function requestedModel(req: FastifyRequest): string {
  const model = (req.body as { model?: unknown } | null)?.model;
  return typeof model === 'string' ? model : '';
}

export function completionId(requestId: string): string {
  return `chatcmpl-${requestId.replace(/^req_/, '')}`;
}
