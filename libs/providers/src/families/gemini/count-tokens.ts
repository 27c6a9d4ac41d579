import { ChatRequest, DeploymentTarget, TokenCount } from '@switchyard/contracts';
import { malformedResponse } from '../../mapping/malformed-response';
import type { Mapped, UpstreamCredential, UpstreamHeaders, UpstreamRequest } from '../../provider-adapter';
import { parseJson } from '../../wire/headers';
import { geminiHeaders, geminiModelName, geminiUrl } from './api';
import { geminiBody } from './chat-request';
import { geminiError } from './errors';

/**
 * models/{model}:countTokens with the whole generateContent request (contents,
 * systemInstruction, tools), so instructions and tool declarations are counted
 * as the chat call would bill them; generationConfig generates nothing and is left out.
 */
export function geminiCountTokensRequest(target: DeploymentTarget, request: ChatRequest, credential: UpstreamCredential): UpstreamRequest {
  const { generationConfig: _generation, ...prompt } = geminiBody(request);
  return {
    url: geminiUrl(target, 'countTokens'),
    method: 'POST',
    headers: geminiHeaders(credential, false),
    body: JSON.stringify({ generateContentRequest: { model: geminiModelName(target), ...prompt } }),
  };
}

export function geminiCountTokensResponse(status: number, headers: UpstreamHeaders, body: Buffer): Mapped<TokenCount> {
  if (status < 200 || status >= 300) return { ok: false, error: geminiError(status, headers, body) };
  const wire = parseJson(body) as { totalTokens?: unknown } | undefined;
  if (typeof wire?.totalTokens !== 'number') return { ok: false, error: malformedResponse(status, 'a totalTokens count') };
  return { ok: true, value: TokenCount.fromPartial({ inputTokens: wire.totalTokens, estimated: false }) };
}
