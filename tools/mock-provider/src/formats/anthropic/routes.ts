import { shortHash } from '../../behaviour/determinism';
import { generateReply } from '../../behaviour/reply';
import { headerValue } from '../../server/http-io';
import { runExchange, type Exchange } from '../../server/pipeline';
import type { HttpReply, Route, RouteContext } from '../../server/types';
import { anthropicErrorReply, faultReply, invalidRequest } from './errors';
import { parseMessagesRequest, type AnthropicRequest } from './request';
import { anthropicUsage, messageMeta, messageReply } from './response';
import { messageStream } from './stream';

function authenticate(ctx: RouteContext): HttpReply | null {
  const apiKey = headerValue(ctx.req, 'x-api-key')?.trim();
  const bearer = /^Bearer\s+\S+/i.test(headerValue(ctx.req, 'authorization') ?? '');
  if (!apiKey && !bearer) return anthropicErrorReply(401, { type: 'authentication_error', message: 'x-api-key header is required' });
  if (!headerValue(ctx.req, 'anthropic-version')?.trim()) {
    return anthropicErrorReply(400, invalidRequest('anthropic-version: header is required'));
  }
  return null;
}

const messages: Exchange<AnthropicRequest> = {
  authenticate,
  parse(ctx) {
    const result = parseMessagesRequest(ctx.body, ctx.bodyIsInvalidJson);
    if (!result.ok) return { ok: false, reply: anthropicErrorReply(400, result.error) };
    return { ok: true, value: result.value, markerText: result.markerText, promptTokens: result.value.promptTokens };
  },
  errorReply: (fault) => faultReply(fault),
  respond(request, { behaviour, directives, ctx }) {
    const reply = generateReply(request.reply, {
      replyWords: behaviour.replyWords,
      contentFilter: directives.contentFilter === true,
      reasoningTokens: directives.reasoningTokens ?? 0,
    });
    const meta = messageMeta(request.reply.model);
    const billed = anthropicUsage(request, reply, directives);
    const apiKey = headerValue(ctx.req, 'x-api-key') ?? (headerValue(ctx.req, 'authorization') ?? '').replace(/^Bearer\s+/i, '');
    ctx.app.usage.record('anthropic', apiKey.trim(), request.reply.model, {
      inputTokens: billed.input_tokens + billed.cache_read_input_tokens + billed.cache_creation_input_tokens,
      cachedInputTokens: billed.cache_read_input_tokens,
      cacheWriteTokens: billed.cache_creation_input_tokens,
      outputTokens: billed.output_tokens,
    });
    return request.stream ? messageStream(request, reply, meta, directives) : messageReply(request, reply, meta, directives);
  },
};

/** The same prompt arithmetic as a message's usage.input_tokens, so a count matches what the call would bill. */
const countTokens: Exchange<AnthropicRequest> = {
  authenticate,
  parse(ctx) {
    const result = parseMessagesRequest(ctx.body, ctx.bodyIsInvalidJson, true);
    if (!result.ok) return { ok: false, reply: anthropicErrorReply(400, result.error) };
    return { ok: true, value: result.value, markerText: result.markerText, promptTokens: null };
  },
  errorReply: (fault) => faultReply(fault),
  respond: (request) => ({
    status: 200,
    headers: { 'content-type': 'application/json', 'request-id': `req_${shortHash(request.reply.model + request.promptTokens, 24)}` },
    body: JSON.stringify({ input_tokens: request.promptTokens }),
  }),
};

export const anthropicRoutes: Route[] = [
  { method: 'POST', pattern: /^\/v1\/messages$/, family: 'anthropic', handle: (ctx) => runExchange(ctx, messages) },
  { method: 'POST', pattern: /^\/v1\/messages\/count_tokens$/, family: 'anthropic', handle: (ctx) => runExchange(ctx, countTokens) },
];
