import { ChatRequest, DeploymentTarget, TokenCount } from '@switchyard/contracts';
import { malformedResponse } from '../../mapping/malformed-response';
import type { Mapped, UpstreamCredential, UpstreamHeaders, UpstreamRequest } from '../../provider-adapter';
import { parseJson } from '../../wire/headers';
import { anthropicHeaders, anthropicUrl } from './api';
import { anthropicBody } from './chat-request';
import { anthropicError } from './errors';

// What /v1/messages/count_tokens does not take: it counts the prompt, it generates nothing.
const GENERATION_FIELDS = ['max_tokens', 'temperature', 'top_p', 'stop_sequences', 'metadata', 'stream'];

/** The Messages body of the request (system, messages, tools, tool_choice), sent to Anthropic's own counter. */
export function anthropicCountTokensRequest(
  target: DeploymentTarget,
  request: ChatRequest,
  credential: UpstreamCredential,
): UpstreamRequest {
  const body = anthropicBody(target, request, false);
  for (const field of GENERATION_FIELDS) delete body[field];
  return {
    url: anthropicUrl(target, '/messages/count_tokens'),
    method: 'POST',
    headers: anthropicHeaders(target, credential, false),
    body: JSON.stringify(body),
  };
}

export function anthropicCountTokensResponse(status: number, headers: UpstreamHeaders, body: Buffer): Mapped<TokenCount> {
  if (status < 200 || status >= 300) return { ok: false, error: anthropicError(status, headers, body) };
  const wire = parseJson(body) as { input_tokens?: unknown } | undefined;
  if (typeof wire?.input_tokens !== 'number') return { ok: false, error: malformedResponse(status, 'an input token count') };
  return { ok: true, value: TokenCount.fromPartial({ inputTokens: wire.input_tokens, estimated: false }) };
}
