import type { Directives } from '../../behaviour/directives';
import { randomId } from '../../behaviour/determinism';
import type { Reply } from '../../behaviour/reply';
import type { HttpReply } from '../../server/types';
import { googlePrettyJson } from './json';
import type { GeminiRequest } from './request';

export interface GeminiMeta {
  responseId: string;
  modelVersion: string;
}

export function geminiMeta(model: string): GeminiMeta {
  return { responseId: randomId(22), modelVersion: model };
}

/** promptTokenCount includes cached tokens; thoughts are billed on top of candidates. */
export function usageMetadata(request: GeminiRequest, reply: Reply, directives: Directives): Record<string, unknown> {
  const prompt = request.promptTokens;
  const cached = Math.min(directives.cachedTokens ?? 0, prompt);
  const usage: Record<string, unknown> = {
    promptTokenCount: prompt,
    candidatesTokenCount: reply.outputTokens,
    totalTokenCount: prompt + reply.outputTokens + reply.reasoningTokens,
  };
  if (cached > 0) usage['cachedContentTokenCount'] = cached;
  usage['promptTokensDetails'] = [{ modality: 'TEXT', tokenCount: prompt }];
  if (cached > 0) usage['cacheTokensDetails'] = [{ modality: 'TEXT', tokenCount: cached }];
  if (reply.reasoningTokens > 0) usage['thoughtsTokenCount'] = reply.reasoningTokens;
  return usage;
}

export function finishReason(reply: Reply): string {
  if (reply.kind === 'tool_call') return 'STOP';
  return { stop: 'STOP', length: 'MAX_TOKENS', content_filter: 'SAFETY' }[reply.finish];
}

export const BLOCKED_RATINGS = [
  { category: 'HARM_CATEGORY_HATE_SPEECH', probability: 'NEGLIGIBLE' },
  { category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true },
  { category: 'HARM_CATEGORY_HARASSMENT', probability: 'NEGLIGIBLE' },
  { category: 'HARM_CATEGORY_SEXUALLY_EXPLICIT', probability: 'NEGLIGIBLE' },
];

export function candidate(parts: Record<string, unknown>[], finish: string | null): Record<string, unknown> {
  const c: Record<string, unknown> = { content: { parts, role: 'model' } };
  if (finish) c['finishReason'] = finish;
  if (finish === 'SAFETY') c['safetyRatings'] = BLOCKED_RATINGS;
  c['index'] = 0;
  return c;
}

export function replyParts(reply: Reply): Record<string, unknown>[] {
  if (reply.kind === 'tool_call') return [{ functionCall: { name: reply.toolName, args: reply.input } }];
  return [{ text: reply.text }];
}

export function generateContentBody(
  request: GeminiRequest,
  reply: Reply,
  meta: GeminiMeta,
  directives: Directives,
): Record<string, unknown> {
  return {
    candidates: [candidate(replyParts(reply), finishReason(reply))],
    usageMetadata: usageMetadata(request, reply, directives),
    modelVersion: meta.modelVersion,
    responseId: meta.responseId,
  };
}

export function generateContentReply(request: GeminiRequest, reply: Reply, meta: GeminiMeta, directives: Directives): HttpReply {
  return {
    status: 200,
    headers: { 'content-type': 'application/json; charset=UTF-8' },
    body: googlePrettyJson(generateContentBody(request, reply, meta, directives)),
  };
}
