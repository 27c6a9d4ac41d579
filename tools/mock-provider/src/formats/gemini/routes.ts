import { generateReply } from '../../behaviour/reply';
import { headerValue } from '../../server/http-io';
import { runExchange, type Exchange } from '../../server/pipeline';
import type { HttpReply, Route, RouteContext } from '../../server/types';
import { promptBlockedReply } from './blocked';
import { embedReply, parseEmbedRequest, type GeminiEmbedRequest } from './embeddings';
import { isRecord } from '../../behaviour/config';
import { faultReply, geminiErrorReply, invalidArgument, missingKeyReply } from './errors';
import { imagenPromptBlockedReply, imagenReply, parseImagenRequest, type ImagenRequest } from './images';
import { googlePrettyJson } from './json';
import { parseGenerateRequest, type GeminiRequest } from './request';
import { generateContentReply, geminiMeta } from './response';
import { generateContentStream } from './stream';

function authenticate(ctx: RouteContext): HttpReply | null {
  const key = headerValue(ctx.req, 'x-goog-api-key')?.trim() || ctx.query.get('key')?.trim();
  const bearer = /^Bearer\s+\S+/i.test(headerValue(ctx.req, 'authorization') ?? '');
  return key || bearer ? null : missingKeyReply();
}

const model = (ctx: RouteContext): string => ctx.params['model'] ?? 'unknown';

function generate(streaming: boolean): Exchange<GeminiRequest> {
  return {
    authenticate,
    parse(ctx) {
      const result = parseGenerateRequest(ctx.body, ctx.bodyIsInvalidJson, model(ctx));
      if (!result.ok) return { ok: false, reply: geminiErrorReply(result.error) };
      return { ok: true, value: result.value, markerText: result.markerText, promptTokens: result.value.promptTokens };
    },
    errorReply: (fault) => faultReply(fault),
    promptFilterReply: (request, ctx) =>
      promptBlockedReply(
        request,
        geminiMeta(request.reply.model),
        !streaming ? 'json' : ctx.query.get('alt') === 'sse' ? 'sse' : 'json-array',
      ),
    respond(request, { behaviour, directives, ctx }) {
      const reply = generateReply(request.reply, {
        replyWords: behaviour.replyWords,
        contentFilter: directives.contentFilter === true,
        reasoningTokens: directives.reasoningTokens ?? 0,
      });
      const meta = geminiMeta(request.reply.model);
      if (!streaming) return generateContentReply(request, reply, meta, directives);
      return generateContentStream(request, reply, meta, directives, ctx.query.get('alt') === 'sse' ? 'sse' : 'json-array');
    },
  };
}

function embed(batch: boolean): Exchange<GeminiEmbedRequest> {
  return {
    authenticate,
    parse(ctx) {
      const result = parseEmbedRequest(ctx.body, ctx.bodyIsInvalidJson, model(ctx), batch);
      if (!result.ok) return { ok: false, reply: geminiErrorReply(result.error) };
      return { ok: true, value: result.value, markerText: result.markerText, promptTokens: null };
    },
    errorReply: (fault) => faultReply(fault),
    respond: (request) => embedReply(request),
  };
}

/**
 * countTokens takes either bare `contents` or a whole `generateContentRequest`
 * (with its own `model`, systemInstruction and tools), never both.
 */
const countTokens: Exchange<GeminiRequest> = {
  ...generate(false),
  parse(ctx) {
    const body = ctx.body;
    const wrapped = isRecord(body) ? body['generateContentRequest'] : undefined;
    if (wrapped !== undefined && isRecord(body) && body['contents'] !== undefined)
      return { ok: false, reply: geminiErrorReply(invalidArgument('contents and generateContentRequest are mutually exclusive')) };
    if (wrapped !== undefined && (!isRecord(wrapped) || typeof wrapped['model'] !== 'string'))
      return {
        ok: false,
        reply: geminiErrorReply(invalidArgument('* CountTokensRequest.generate_content_request.model: model is not specified\n')),
      };
    const result = parseGenerateRequest(wrapped ?? body, ctx.bodyIsInvalidJson, model(ctx));
    if (!result.ok) return { ok: false, reply: geminiErrorReply(result.error) };
    return { ok: true, value: result.value, markerText: result.markerText, promptTokens: result.value.promptTokens };
  },
  respond: (request) => ({
    status: 200,
    headers: { 'content-type': 'application/json; charset=UTF-8' },
    body: googlePrettyJson({
      totalTokens: request.promptTokens,
      promptTokensDetails: [{ modality: 'TEXT', tokenCount: request.promptTokens }],
    }),
  }),
};

/** Imagen through models/{model}:predict; faults, latency and holds as on every route. */
const predict: Exchange<ImagenRequest> = {
  authenticate,
  parse(ctx) {
    const result = parseImagenRequest(ctx.body, ctx.bodyIsInvalidJson, model(ctx));
    if (!result.ok) return { ok: false, reply: geminiErrorReply(result.error) };
    return { ok: true, value: result.value, markerText: result.value.prompt, promptTokens: null };
  },
  errorReply: (fault) => faultReply(fault),
  promptFilterReply: () => imagenPromptBlockedReply(),
  respond: (request, { directives }) => imagenReply(request, directives.contentFilter === true),
};

const listModels: Exchange<null> = {
  authenticate,
  parse: () => ({ ok: true, value: null, markerText: '', promptTokens: null }),
  errorReply: (fault) => faultReply(fault),
  respond: (_value, { ctx }) => ({
    status: 200,
    headers: { 'content-type': 'application/json; charset=UTF-8' },
    body: googlePrettyJson({
      models: ctx.app.options.models.map((id) => ({
        name: `models/${id}`,
        version: '001',
        displayName: id,
        inputTokenLimit: 1048576,
        outputTokenLimit: 65536,
        supportedGenerationMethods: id.startsWith('imagen-')
          ? ['predict']
          : id.includes('embedding')
            ? ['embedContent', 'batchEmbedContents']
            : ['generateContent', 'countTokens'],
      })),
    }),
  }),
};

const METHOD = (name: string): RegExp => new RegExp(`^/v1(?:beta)?/models/(?<model>[^/:]+)(?::|%3A)${name}$`);

function route<P>(method: 'GET' | 'POST', pattern: RegExp, exchange: Exchange<P>): Route {
  return { method, pattern, family: 'gemini', handle: (ctx) => runExchange(ctx, exchange) };
}

export const geminiRoutes: Route[] = [
  route('POST', METHOD('generateContent'), generate(false)),
  route('POST', METHOD('streamGenerateContent'), generate(true)),
  route('POST', METHOD('embedContent'), embed(false)),
  route('POST', METHOD('batchEmbedContents'), embed(true)),
  route('POST', METHOD('countTokens'), countTokens),
  route('POST', METHOD('predict'), predict),
  route('GET', /^\/v1(?:beta)?\/models$/, listModels),
];
