import { DeploymentTarget, EmbeddingsRequest, EmbeddingsResponse, ErrorInfo, Usage } from '@switchyard/contracts';
import { malformedResponse } from '../../mapping/malformed-response';
import type { Mapped, UpstreamCredential, UpstreamHeaders, UpstreamRequest } from '../../provider-adapter';
import { parseJson } from '../../wire/headers';
import { openAiHeaders, openAiUrl } from './api';
import { openAiError } from './errors';

interface WireEmbeddings {
  model?: string;
  data?: { index?: number; embedding?: number[] }[];
  usage?: { prompt_tokens?: number };
}

export function openAiEmbeddingsRequest(
  target: DeploymentTarget,
  request: EmbeddingsRequest,
  credential: UpstreamCredential,
): UpstreamRequest {
  return {
    url: openAiUrl(target, '/embeddings'),
    method: 'POST',
    headers: openAiHeaders(target, credential, false),
    body: JSON.stringify({
      model: target.upstreamModel,
      input: request.inputs,
      encoding_format: 'float',
      ...(request.dimensions !== undefined ? { dimensions: request.dimensions } : {}),
    }),
  };
}

export function openAiEmbeddingsResponse(status: number, headers: UpstreamHeaders, body: Buffer): Mapped<EmbeddingsResponse> {
  if (status < 200 || status >= 300) return { ok: false, error: openAiError(status, headers, body) };
  const wire = parseJson(body) as WireEmbeddings | undefined;
  if (!wire || !Array.isArray(wire.data)) {
    return {
      ok: false,
      error: malformedResponse(status, 'an embedding list'),
    };
  }
  return {
    ok: true,
    value: EmbeddingsResponse.fromPartial({
      model: wire.model ?? '',
      data: wire.data.map((d, i) => ({ index: d.index ?? i, values: d.embedding ?? [] })),
      // No usage block: the invoker counts the inputs itself (marked estimated).
      usage: wire.usage ? Usage.fromPartial({ inputTokens: wire.usage.prompt_tokens ?? 0 }) : undefined,
    }),
  };
}

/**
 * The embeddings of a family that speaks OpenAI's body at its own address with its own errors
 * (Azure OpenAI, OpenAI-compatible servers).
 */
export function openAiEmbeddingsAt(
  address: (target: DeploymentTarget, credential: UpstreamCredential) => Pick<UpstreamRequest, 'url' | 'headers'>,
  error: (status: number, headers: UpstreamHeaders, body: Buffer) => ErrorInfo,
): {
  request: (target: DeploymentTarget, request: EmbeddingsRequest, credential: UpstreamCredential) => UpstreamRequest;
  response: (status: number, headers: UpstreamHeaders, body: Buffer) => Mapped<EmbeddingsResponse>;
} {
  return {
    request: (target, request, credential) => ({ ...openAiEmbeddingsRequest(target, request, credential), ...address(target, credential) }),
    response: (status, headers, body) =>
      status < 200 || status >= 300 ? { ok: false, error: error(status, headers, body) } : openAiEmbeddingsResponse(status, headers, body),
  };
}
