import { Controller, Inject, Post, Req, Res } from '@nestjs/common';
import { parseImageRequest, renderImages } from '@switchyard/openai-api';
import type { ImageRequest } from '@switchyard/contracts';
import type { OneShotParser } from '@switchyard/serving';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { httpInbound, requestedModel, sendJson } from './http-transport';
import { INGRESS_DEPS } from './ingress-deps';
import type { IngressDeps } from './ingress-deps';

const OPENAI_IMAGES: OneShotParser<unknown, ImageRequest> = { requestedModel, parse: parseImageRequest };

/** POST /v1/images/generations, as OpenAI serves it, on the deployments that draw images (docs/providers.md). */
@Controller('v1')
export class ImagesController {
  constructor(@Inject(INGRESS_DEPS) private readonly deps: IngressDeps) {}

  @Post('images/generations')
  async generate(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.deps.serving.generateImage(httpInbound(req, 'openai'), OPENAI_IMAGES, ({ response, headers, trace }) =>
      sendJson(this.deps, reply, 'images.generations', renderImages(response), headers, trace),
    );
  }
}
