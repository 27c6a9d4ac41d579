import { DeploymentTarget, EmbeddingsRequest, EmbeddingsResponse, Usage } from '@switchyard/contracts';
import { malformedResponse } from '../../mapping/malformed-response';
import type { Mapped, UpstreamCredential, UpstreamHeaders, UpstreamRequest } from '../../provider-adapter';
import { parseJson } from '../../wire/headers';
import { ollamaHeaders, ollamaUrl } from './api';
import { ollamaError } from './errors';

export function ollamaEmbeddingsRequest(
  target: DeploymentTarget,
  request: EmbeddingsRequest,
  credential: UpstreamCredential,
): UpstreamRequest {
  return {
    url: ollamaUrl(target, '/embed'),
    method: 'POST',
    headers: ollamaHeaders(credential),
    body: JSON.stringify({
      model: target.upstreamModel,
      input: request.inputs,
      ...(request.dimensions !== undefined ? { dimensions: request.dimensions } : {}),
    }),
  };
}

export function ollamaEmbeddingsResponse(status: number, headers: UpstreamHeaders, body: Buffer): Mapped<EmbeddingsResponse> {
  if (status < 200 || status >= 300) return { ok: false, error: ollamaError(status, headers, body) };
  const wire = parseJson(body) as { model?: string; embeddings?: number[][]; prompt_eval_count?: number } | undefined;
  if (!wire || !Array.isArray(wire.embeddings)) {
    return {
      ok: false,
      error: malformedResponse(status, 'a list of embeddings'),
    };
  }
  return {
    ok: true,
    value: EmbeddingsResponse.fromPartial({
      model: wire.model ?? '',
      data: wire.embeddings.map((values, index) => ({ index, values })),
      usage: wire.prompt_eval_count !== undefined ? Usage.fromPartial({ inputTokens: wire.prompt_eval_count }) : undefined,
    }),
  };
}
