import { generateReply } from '../../behaviour/reply';
import { headerValue } from '../../server/http-io';
import { type Exchange, runExchange } from '../../server/pipeline';
import type { HttpReply, Route, RouteContext } from '../../server/types';
import { embeddingReply, type OpenAIEmbeddingRequest, parseEmbeddingRequest } from './embeddings';
import { audioReply, type OpenAIAudioRequest, parseAudioRequest } from './audio';
import { type OpenAISpeechRequest, parseSpeechRequest, speechStream } from './speech';
import { moderationReply, type OpenAIModerationRequest, parseModerationRequest } from './moderations';
import { imageFileReply, imageReply, type OpenAIImageRequest, parseImageRequest } from './images';
import { azurePromptFilteredReply, azureResourceNotFound, faultReply, invalidRequest, missingAuthReply, openaiErrorReply } from './errors';
import { type OpenAIFlavour, openaiHeaders } from './headers';
import { type OpenAIChatRequest, type OpenAIParse, parseChatRequest } from './request';
import { chatCompletionReply, completionMeta, openaiUsage } from './response';
import { chatCompletionStream } from './stream';

function flavourOf(ctx: RouteContext): OpenAIFlavour {
  return ctx.params['azureDeployment'] !== undefined ? 'azure' : 'openai';
}

function authenticate(ctx: RouteContext): HttpReply | null {
  const flavour = flavourOf(ctx);
  const bearer = /^Bearer\s+\S+/i.test(headerValue(ctx.req, 'authorization') ?? '');
  if (flavour === 'azure') {
    if (!bearer && !headerValue(ctx.req, 'api-key')?.trim()) return missingAuthReply('azure');
    if (!ctx.query.get('api-version')) return azureResourceNotFound();
    return null;
  }
  return bearer ? null : missingAuthReply('openai');
}

function requestedModel(ctx: RouteContext): string {
  const body = ctx.body as { model?: unknown } | undefined;
  return typeof body?.model === 'string' ? body.model : (ctx.params['azureDeployment'] ?? 'unknown');
}

function parsed<T>(result: OpenAIParse<T>, promptTokens: (v: T) => number | null, ctx: RouteContext) {
  if (!result.ok) return { ok: false as const, reply: openaiErrorReply(400, result.error, flavourOf(ctx)) };
  return { ok: true as const, value: result.value, markerText: result.markerText, promptTokens: promptTokens(result.value) };
}

const chat: Exchange<OpenAIChatRequest> = {
  authenticate,
  parse: (ctx) => parsed(parseChatRequest(ctx.body, ctx.bodyIsInvalidJson, ctx.params['azureDeployment']), (v) => v.promptTokens, ctx),
  errorReply: (fault, ctx) => faultReply(fault, flavourOf(ctx), requestedModel(ctx)),
  promptFilterReply: (_request, ctx) => (flavourOf(ctx) === 'azure' ? azurePromptFilteredReply() : null),
  respond(request, { behaviour, directives, ctx }) {
    const reply = generateReply(request.reply, {
      replyWords: behaviour.replyWords,
      contentFilter: directives.contentFilter === true,
      reasoningTokens: directives.reasoningTokens ?? 0,
    });
    const meta = completionMeta(request.reply.model, flavourOf(ctx));
    const billed = openaiUsage(request.promptTokens, reply, directives);
    const apiKey = (headerValue(ctx.req, 'authorization') ?? headerValue(ctx.req, 'api-key') ?? '').replace(/^Bearer\s+/i, '');
    ctx.app.usage.record('openai', apiKey, request.reply.model, {
      inputTokens: billed.prompt_tokens,
      cachedInputTokens: billed.prompt_tokens_details.cached_tokens,
      cacheWriteTokens: 0,
      outputTokens: billed.completion_tokens,
    });
    return request.stream ? chatCompletionStream(request, reply, meta, directives) : chatCompletionReply(request, reply, meta, directives);
  },
};

const embeddings: Exchange<OpenAIEmbeddingRequest> = {
  authenticate,
  parse: (ctx) =>
    parsed(
      parseEmbeddingRequest(ctx.body, ctx.bodyIsInvalidJson, ctx.params['azureDeployment']),
      (v) => v.tokenCounts.reduce((a, b) => a + b, 0),
      ctx,
    ),
  errorReply: (fault, ctx) => faultReply(fault, flavourOf(ctx), requestedModel(ctx)),
  respond: (request, { ctx }) => embeddingReply(request, flavourOf(ctx)),
};

const moderations: Exchange<OpenAIModerationRequest> = {
  authenticate,
  parse: (ctx) => parsed(parseModerationRequest(ctx.body, ctx.bodyIsInvalidJson), () => null, ctx),
  errorReply: (fault, ctx) => faultReply(fault, flavourOf(ctx), requestedModel(ctx)),
  respond: (request, { ctx }) => moderationReply(request, flavourOf(ctx)),
};

function audio(translate: boolean): Exchange<OpenAIAudioRequest> {
  return {
    authenticate,
    parse: (ctx) => parsed(parseAudioRequest(ctx, translate), () => null, ctx),
    errorReply: (fault, ctx) => faultReply(fault, flavourOf(ctx), ctx.params['azureDeployment'] ?? 'whisper-1'),
    respond: (request, { ctx }) => audioReply(request, flavourOf(ctx)),
  };
}
const transcriptions = audio(false);

const speech: Exchange<OpenAISpeechRequest> = {
  authenticate,
  parse: (ctx) => parsed(parseSpeechRequest(ctx.body, ctx.bodyIsInvalidJson, ctx.params['azureDeployment']), () => null, ctx),
  errorReply: (fault, ctx) => faultReply(fault, flavourOf(ctx), requestedModel(ctx)),
  respond: (request, { ctx }) => speechStream(request, flavourOf(ctx)),
};
const translations = audio(true);

const images: Exchange<OpenAIImageRequest> = {
  authenticate,
  parse: (ctx) => parsed(parseImageRequest(ctx.body, ctx.bodyIsInvalidJson, ctx.params['azureDeployment']), () => null, ctx),
  errorReply: (fault, ctx) => faultReply(fault, flavourOf(ctx), requestedModel(ctx)),
  respond: (request, { ctx }) => {
    const prefix = ctx.deployment !== null ? `/d/${encodeURIComponent(ctx.deployment)}` : '';
    return imageReply(request, flavourOf(ctx), `http://${headerValue(ctx.req, 'host') ?? '127.0.0.1'}${prefix}`);
  },
};

/** The image files those URLs name: public, as OpenAI's signed blob URLs are (no key needed). */
const imageFiles: Exchange<null> = {
  authenticate: () => null,
  parse: () => ({ ok: true, value: null, markerText: '', promptTokens: null }),
  errorReply: (fault, ctx) => faultReply(fault, flavourOf(ctx), 'image'),
  respond: () => imageFileReply(),
};

/** Fixed `created` so model listings are byte-stable between runs. */
const MODEL_CREATED = 1715367049;

function modelObject(id: string): Record<string, unknown> {
  return { id, object: 'model', created: MODEL_CREATED, owned_by: 'system' };
}

const models: Exchange<string | null> = {
  authenticate,
  parse: (ctx) => ({ ok: true, value: ctx.params['model'] ?? null, markerText: '', promptTokens: null }),
  errorReply: (fault, ctx) => faultReply(fault, flavourOf(ctx), ctx.params['model'] ?? 'unknown'),
  respond(modelId, { ctx }) {
    const known = ctx.app.options.models;
    if (modelId !== null) {
      if (!known.includes(modelId)) {
        return openaiErrorReply(404, invalidRequest(`The model '${modelId}' does not exist`, 'model', 'model_not_found'));
      }
      return {
        status: 200,
        headers: { 'content-type': 'application/json', ...openaiHeaders('openai') },
        body: JSON.stringify(modelObject(modelId)),
      };
    }
    return {
      status: 200,
      headers: { 'content-type': 'application/json', ...openaiHeaders('openai') },
      body: JSON.stringify({ object: 'list', data: known.map(modelObject) }),
    };
  },
};

function route<P>(method: 'GET' | 'POST', pattern: RegExp, exchange: Exchange<P>): Route {
  return { method, pattern, family: 'openai', handle: (ctx) => runExchange(ctx, exchange) };
}

const AZURE = '/openai/deployments/(?<azureDeployment>[^/]+)';

/** OpenAI, OpenAI-compatible servers (with or without /v1) and Azure OpenAI deployment URLs. */
export const openaiRoutes: Route[] = [
  route('POST', /^(?:\/v1)?\/chat\/completions$/, chat),
  route('POST', new RegExp(`^${AZURE}/chat/completions$`), chat),
  route('POST', /^(?:\/v1)?\/embeddings$/, embeddings),
  route('POST', new RegExp(`^${AZURE}/embeddings$`), embeddings),
  route('POST', /^(?:\/v1)?\/moderations$/, moderations),
  route('POST', new RegExp(`^${AZURE}/moderations$`), moderations),
  route('POST', /^(?:\/v1)?\/audio\/transcriptions$/, transcriptions),
  route('POST', new RegExp(`^${AZURE}/audio/transcriptions$`), transcriptions),
  route('POST', /^(?:\/v1)?\/audio\/translations$/, translations),
  route('POST', new RegExp(`^${AZURE}/audio/translations$`), translations),
  route('POST', /^(?:\/v1)?\/audio\/speech$/, speech),
  route('POST', new RegExp(`^${AZURE}/audio/speech$`), speech),
  route('POST', /^(?:\/v1)?\/images\/generations$/, images),
  route('POST', new RegExp(`^${AZURE}/images/generations$`), images),
  route('GET', /^\/images\/[0-9a-f]+\.png$/, imageFiles),
  route('GET', /^(?:\/v1)?\/models$/, models),
  route('GET', /^(?:\/v1)?\/models\/(?<model>.+)$/, models),
];
