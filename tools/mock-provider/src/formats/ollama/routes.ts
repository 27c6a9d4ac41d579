import { shortHash } from '../../behaviour/determinism';
import { generateReply } from '../../behaviour/reply';
import { runExchange, type Exchange } from '../../server/pipeline';
import type { Route, RouteContext } from '../../server/types';
import { embedReply, parseEmbedRequest, type OllamaEmbedRequest } from './embeddings';
import { faultReply, ollamaErrorReply } from './errors';
import { parseChatRequest, type OllamaChatRequest, type OllamaParse } from './request';
import { chatReply } from './response';
import { chatStream } from './stream';

const modelOf = (ctx: RouteContext): string => {
  const body = ctx.body as { model?: unknown } | undefined;
  return typeof body?.model === 'string' ? body.model : 'unknown';
};

function parsed<T>(result: OllamaParse<T>, promptTokens: (v: T) => number | null) {
  if (!result.ok) return { ok: false as const, reply: ollamaErrorReply(result.status, result.error) };
  return { ok: true as const, value: result.value, markerText: result.markerText, promptTokens: promptTokens(result.value) };
}

// Ollama has no authentication.
const open = (): null => null;

const chat: Exchange<OllamaChatRequest> = {
  authenticate: open,
  parse: (ctx) => parsed(parseChatRequest(ctx.body, ctx.bodyIsInvalidJson), (v) => v.promptTokens),
  errorReply: (fault, ctx) => faultReply(fault, modelOf(ctx)),
  respond(request, { behaviour, directives, ctx }) {
    const reply = generateReply(request.reply, {
      replyWords: behaviour.replyWords,
      contentFilter: directives.contentFilter === true,
      reasoningTokens: directives.reasoningTokens ?? 0,
    });
    return request.stream ? chatStream(request, reply, directives, ctx.startedAt) : chatReply(request, reply, directives, ctx.startedAt);
  },
};

const embed: Exchange<OllamaEmbedRequest> = {
  authenticate: open,
  parse: (ctx) => parsed(parseEmbedRequest(ctx.body, ctx.bodyIsInvalidJson), () => null),
  errorReply: (fault, ctx) => faultReply(fault, modelOf(ctx)),
  respond: (request, { ctx }) => embedReply(request, ctx.startedAt),
};

const MODIFIED_AT = '2024-11-01T12:00:00.000000000Z';

const tags: Exchange<null> = {
  authenticate: open,
  parse: () => ({ ok: true, value: null, markerText: '', promptTokens: null }),
  errorReply: (fault) => faultReply(fault, 'unknown'),
  respond: (_value, { ctx }) => ({
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({
      models: ctx.app.options.models.map((id) => {
        const name = id.includes(':') ? id : `${id}:latest`;
        const family = (id.split(/[.:\d-]/)[0] ?? 'llama') || 'llama';
        return {
          name,
          model: name,
          modified_at: MODIFIED_AT,
          size: 2019393189,
          digest: shortHash(name, 64),
          details: { parent_model: '', format: 'gguf', family, families: [family], parameter_size: '3.2B', quantization_level: 'Q4_K_M' },
        };
      }),
    }),
  }),
};

function route<P>(method: 'GET' | 'POST', pattern: RegExp, exchange: Exchange<P>): Route {
  return { method, pattern, family: 'ollama', handle: (ctx) => runExchange(ctx, exchange) };
}

export const ollamaRoutes: Route[] = [
  route('POST', /^\/api\/chat$/, chat),
  route('POST', /^\/api\/embed$/, embed),
  route('GET', /^\/api\/tags$/, tags),
];
