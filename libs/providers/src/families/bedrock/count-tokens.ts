import { ChatRequest, DeploymentTarget, TokenCount } from '@switchyard/contracts';
import { malformedResponse } from '../../mapping/malformed-response';
import type { Mapped, UpstreamCredential, UpstreamHeaders, UpstreamRequest } from '../../provider-adapter';
import { parseJson } from '../../wire/headers';
import { bedrockRequest, bedrockUrl } from './api';
import { converseBody } from './chat-request';
import { bedrockError } from './errors';

/**
 * CountTokens (POST /model/{modelId}/count-tokens) with the Converse input the
 * chat call would send: messages, system and toolConfig; inferenceConfig is
 * not part of a ConverseTokensRequest. Signed like every Bedrock call.
 */
export function bedrockCountTokensRequest(target: DeploymentTarget, request: ChatRequest, credential: UpstreamCredential): UpstreamRequest {
  const { inferenceConfig: _inference, ...converse } = converseBody(request);
  return bedrockRequest(
    target,
    credential,
    bedrockUrl(target, 'count-tokens'),
    JSON.stringify({ input: { converse } }),
    'application/json',
  );
}

export function bedrockCountTokensResponse(status: number, headers: UpstreamHeaders, body: Buffer): Mapped<TokenCount> {
  if (status < 200 || status >= 300) return { ok: false, error: bedrockError(status, headers, body) };
  const wire = parseJson(body) as { inputTokens?: unknown } | undefined;
  if (typeof wire?.inputTokens !== 'number') return { ok: false, error: malformedResponse(status, 'an inputTokens count') };
  return { ok: true, value: TokenCount.fromPartial({ inputTokens: wire.inputTokens, estimated: false }) };
}
