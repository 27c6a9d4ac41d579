import { DeploymentTarget, EmbeddingsRequest, EmbeddingsResponse } from '@switchyard/contracts';
import { malformedResponse } from '../../mapping/malformed-response';
import type { Mapped, UpstreamCredential, UpstreamHeaders, UpstreamRequest } from '../../provider-adapter';
import { parseJson } from '../../wire/headers';
import { geminiHeaders, geminiModelName, geminiUrl } from './api';
import { geminiError } from './errors';

/** Always batchEmbedContents (one call for any number of inputs); Gemini reports no token usage for it. */
export function geminiEmbeddingsRequest(
  target: DeploymentTarget,
  request: EmbeddingsRequest,
  credential: UpstreamCredential,
): UpstreamRequest {
  const model = geminiModelName(target);
  return {
    url: geminiUrl(target, 'batchEmbedContents'),
    method: 'POST',
    headers: geminiHeaders(credential, false),
    body: JSON.stringify({
      requests: request.inputs.map((text) => ({
        model,
        content: { parts: [{ text }] },
        ...(request.dimensions !== undefined ? { outputDimensionality: request.dimensions } : {}),
      })),
    }),
  };
}

export function geminiEmbeddingsResponse(status: number, headers: UpstreamHeaders, body: Buffer): Mapped<EmbeddingsResponse> {
  if (status < 200 || status >= 300) return { ok: false, error: geminiError(status, headers, body) };
  const wire = parseJson(body) as { embeddings?: { values?: number[] }[] } | undefined;
  if (!wire || !Array.isArray(wire.embeddings)) {
    return {
      ok: false,
      error: malformedResponse(status, 'a batch of embeddings'),
    };
  }
  return {
    ok: true,
    value: EmbeddingsResponse.fromPartial({ model: '', data: wire.embeddings.map((e, index) => ({ index, values: e.values ?? [] })) }),
  };
}
