import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { parseEmbeddingsRequest, renderEmbeddings, renderModelList, retrieveModel } from '@switchyard/openai-api';
import type { ParsedEmbeddingsRequest } from '@switchyard/openai-api';
import type { EmbeddingsParser } from '@switchyard/serving';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { httpInbound, requestedModel, sendJson } from './http-transport';
import { INGRESS_DEPS } from './ingress-deps';
import type { IngressDeps } from './ingress-deps';

const OPENAI_EMBEDDINGS: EmbeddingsParser<unknown, ParsedEmbeddingsRequest> = { requestedModel, parse: parseEmbeddingsRequest };

/** POST /v1/embeddings, GET /v1/models and GET /v1/models/{id}, as OpenAI serves them. */
@Controller('v1')
export class EmbeddingsController {
  constructor(@Inject(INGRESS_DEPS) private readonly deps: IngressDeps) {}

  @Post('embeddings')
  async create(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await this.deps.serving.embed(httpInbound(req, 'openai'), OPENAI_EMBEDDINGS, ({ parsed, response, headers, trace }) =>
      sendJson(this.deps, reply, 'embeddings', renderEmbeddings(response, parsed.encodingFormat), headers, trace),
    );
  }

  @Get('models')
  async list(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { models } = await this.deps.serving.listModels(httpInbound(req, 'openai'));
    void reply.code(200).send(renderModelList(models));
  }

  @Get('models/:id')
  async retrieve(@Param('id') id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { models } = await this.deps.serving.listModels(httpInbound(req, 'openai'));
    void reply.code(200).send(retrieveModel(models, id));
  }
}
