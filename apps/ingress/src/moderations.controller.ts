import { Controller, Inject, Post, Req, Res } from '@nestjs/common';
import { parseModerationRequest, renderModeration } from '@switchyard/openai-api';
import type { ModerationRequest } from '@switchyard/contracts';
import type { OneShotParser } from '@switchyard/serving';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { httpInbound, requestedModel, sendJson } from './http-transport';
import { INGRESS_DEPS } from './ingress-deps';
import type { IngressDeps } from './ingress-deps';

const OPENAI_MODERATIONS: OneShotParser<unknown, ModerationRequest> = {
  requestedModel,
  parse: (body) => parseModerationRequest(body).request,
};

/** POST /v1/moderations, as OpenAI serves it, on the deployments that can moderate (docs/providers.md). */
@Controller('v1')
export class ModerationsController {
  constructor(@Inject(INGRESS_DEPS) private readonly deps: IngressDeps) {}

  @Post('moderations')
  async create(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.deps.serving.moderate(httpInbound(req, 'openai'), OPENAI_MODERATIONS, ({ response, context, headers, trace }) =>
      sendJson(this.deps, reply, 'moderations', renderModeration(response, `modr-${context.requestId}`), headers, trace),
    );
  }
}
