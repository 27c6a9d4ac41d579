import type { DeploymentTarget, EmbeddingsRequest, EmbeddingsResponse } from '@switchyard/contracts';
import type { Mapped, UpstreamCredential, UpstreamHeaders, UpstreamRequest } from '../../provider-adapter';
import { openAiEmbeddingsRequest, openAiEmbeddingsResponse } from '../openai/embeddings';
import { compatibleHeaders, compatibleUrl } from './api';
import { compatibleError } from './errors';

export function compatibleEmbeddingsRequest(
  target: DeploymentTarget,
  request: EmbeddingsRequest,
  credential: UpstreamCredential,
): UpstreamRequest {
  return {
    ...openAiEmbeddingsRequest(target, request, credential),
    url: compatibleUrl(target, '/embeddings'),
    headers: compatibleHeaders(credential, false),
  };
}

export function compatibleEmbeddingsResponse(status: number, headers: UpstreamHeaders, body: Buffer): Mapped<EmbeddingsResponse> {
  if (status < 200 || status >= 300) return { ok: false, error: compatibleError(status, headers, body) };
  return openAiEmbeddingsResponse(status, headers, body);
}
