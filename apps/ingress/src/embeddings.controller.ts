import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiError } from '@switchyard/api-errors';
import { ErrorClass } from '@switchyard/contracts';
import { RequestOutcome } from '@switchyard/requests';
import { errorInfoToApiError, parseEmbeddingsRequest, renderEmbeddings, renderModelList, retrieveModel } from '@switchyard/openai-api';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { admitHttp, bodyBytes, logOutcome } from './http-admission';
import { INGRESS_DEPS } from './ingress-deps';
import type { IngressDeps } from './ingress-deps';
import { routingHeaders } from './routing-headers';

/** POST /v1/embeddings, GET /v1/models and GET /v1/models/{id}, as OpenAI serves them. */
@Controller('v1')
export class EmbeddingsController {
  constructor(@Inject(INGRESS_DEPS) private readonly deps: IngressDeps) {}

  @Post('embeddings')
  async create(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { context } = admitHttp(this.deps, req, 'openai');
    const model = typeof (req.body as { model?: unknown } | null)?.model === 'string' ? (req.body as { model: string }).model : '';
    const outcome = new RequestOutcome(context, 'embeddings', model, false);
    logOutcome(req, outcome);
    outcome.requestBytes = bodyBytes(req);
    try {
      const parsed = parseEmbeddingsRequest(req.body);
      const { encodingFormat } = parsed;
      const pii = this.deps.pii(context.tenantId);
      pii.identifyEndUser(context, parsed.request.endUser);
      const request = pii.embeddingsRequest(parsed.request);
      const routed = await this.deps.router.embed({ context, request });
      outcome.trace = routed.trace ?? outcome.trace;
      const headers = routingHeaders(routed.trace);
      if (routed.outcome?.$case !== 'response') {
        const info = routed.outcome?.error;
        const error = info ? errorInfoToApiError(info) : ApiError.internal();
        outcome.fail(error.status, info?.errorClass ?? ErrorClass.ERROR_CLASS_INTERNAL, error.message);
        throw new ApiError(error.status, error.type, error.code, error.message, error.param, { ...error.headers, ...headers });
      }
      outcome.usage = routed.outcome.response.usage ?? outcome.usage;
      const body = JSON.stringify(renderEmbeddings(routed.outcome.response, encodingFormat));
      outcome.responseBytes = Buffer.byteLength(body);
      void reply.code(200).headers(headers).header('content-type', 'application/json').send(body);
      this.deps.overhead.observe('embeddings', reply.elapsedTime, outcome.trace);
    } catch (error) {
      if (outcome.errorClass === ErrorClass.ERROR_CLASS_UNSPECIFIED) {
        const apiError = error instanceof ApiError ? error : ApiError.internal();
        outcome.fail(
          apiError.status,
          apiError.status < 500 ? ErrorClass.ERROR_CLASS_INVALID_REQUEST : ErrorClass.ERROR_CLASS_INTERNAL,
          apiError.message,
        );
      }
      throw error;
    } finally {
      this.deps.events.publish(outcome);
    }
  }

  @Get('models')
  async list(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { context } = admitHttp(this.deps, req, 'openai');
    const { models } = await this.deps.router.listModels(context);
    void reply.code(200).send(renderModelList(models));
  }

  @Get('models/:id')
  async retrieve(@Param('id') id: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const { context } = admitHttp(this.deps, req, 'openai');
    const { models } = await this.deps.router.listModels(context);
    void reply.code(200).send(retrieveModel(models, id));
  }
}
