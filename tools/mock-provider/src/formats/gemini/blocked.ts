import type { HttpReply } from '../../server/types';
import { googlePrettyJson, googleSseJson } from './json';
import type { GeminiRequest } from './request';
import { BLOCKED_RATINGS, type GeminiMeta } from './response';

export type GeminiFraming = 'json' | 'sse' | 'json-array';

/** A prompt the safety filter blocked: HTTP 200, promptFeedback.blockReason and no candidates. */
export function promptBlockedReply(request: GeminiRequest, meta: GeminiMeta, framing: GeminiFraming): HttpReply {
  const body = {
    promptFeedback: { blockReason: 'SAFETY', safetyRatings: BLOCKED_RATINGS },
    usageMetadata: {
      promptTokenCount: request.promptTokens,
      totalTokenCount: request.promptTokens,
      promptTokensDetails: [{ modality: 'TEXT', tokenCount: request.promptTokens }],
    },
    modelVersion: meta.modelVersion,
    responseId: meta.responseId,
  };
  if (framing === 'sse')
    return {
      status: 200,
      headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' },
      body: `data: ${googleSseJson(body)}\r\n\r\n`,
    };
  const json = framing === 'json-array' ? `[${googlePrettyJson(body).trimEnd()}\n]` : googlePrettyJson(body);
  return { status: 200, headers: { 'content-type': 'application/json; charset=UTF-8' }, body: json };
}
