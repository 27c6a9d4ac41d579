import type { Directives } from '../../behaviour/directives';
import type { Reply } from '../../behaviour/reply';
import type { Frame, StreamPlan } from '../../server/types';
import { errorForStatus } from './errors';
import { googlePrettyJson, googleSseJson } from './json';
import type { GeminiRequest } from './request';
import { candidate, finishReason, replyParts, usageMetadata, type GeminiMeta } from './response';

export type GeminiStreamFraming = 'sse' | 'json-array';

/**
 * Every chunk is a whole GenerateContentResponse. Text arrives in pieces, a function call arrives
 * whole, and the last chunk carries finishReason with the final usage.
 */
function responses(request: GeminiRequest, reply: Reply, meta: GeminiMeta, directives: Directives): Record<string, unknown>[] {
  const finalUsage = usageMetadata(request, reply, directives);
  const promptOnly = {
    promptTokenCount: request.promptTokens,
    totalTokenCount: request.promptTokens,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: request.promptTokens }],
  };
  const partsList = reply.kind === 'tool_call' ? [replyParts(reply)] : reply.pieces.map((text) => [{ text }]);
  return partsList.map((parts, i) => {
    const last = i === partsList.length - 1;
    return {
      candidates: [candidate(parts, last ? finishReason(reply) : null)],
      usageMetadata: last ? finalUsage : promptOnly,
      modelVersion: meta.modelVersion,
      responseId: meta.responseId,
    };
  });
}

export function generateContentStream(
  request: GeminiRequest,
  reply: Reply,
  meta: GeminiMeta,
  directives: Directives,
  framing: GeminiStreamFraming,
): StreamPlan {
  const bodies = responses(request, reply, meta, directives);
  if (framing === 'sse') {
    const sse = (value: unknown): string => `data: ${googleSseJson(value)}\r\n\r\n`;
    return {
      kind: 'stream',
      headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' },
      chunks: bodies.map((b) => [sse(b)]),
      errorFrames: (status) => [sse({ error: errorForStatus(status) })],
    };
  }
  // Without alt=sse the stream is one JSON array, written element by element.
  const element = (value: unknown, i: number): string => `${i === 0 ? '[' : '\n,\r\n'}${googlePrettyJson(value).trimEnd()}`;
  const chunks: Frame[][] = bodies.map((b, i) => [element(b, i)]);
  chunks[chunks.length - 1]?.push('\n]');
  return {
    kind: 'stream',
    headers: { 'content-type': 'application/json; charset=UTF-8' },
    chunks,
    errorFrames: (status) => [`${element({ error: errorForStatus(status) }, 1)}\n]`],
  };
}
