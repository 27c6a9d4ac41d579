import type { DeploymentTarget, EmbeddingsRequest, EmbeddingsResponse } from '@switchyard/contracts';
import type { Mapped, UpstreamCredential, UpstreamHeaders, UpstreamRequest } from '../../provider-adapter';
import { openAiEmbeddingsRequest, openAiEmbeddingsResponse } from '../openai/embeddings';
import { azureHeaders, azureUrl } from './api';
import { azureError } from './errors';

export function azureEmbeddingsRequest(
  target: DeploymentTarget,
  request: EmbeddingsRequest,
  credential: UpstreamCredential,
): UpstreamRequest {
  return {
    ...openAiEmbeddingsRequest(target, request, credential),
    url: azureUrl(target, 'embeddings'),
    headers: azureHeaders(target, credential, false),
  };
}

export function azureEmbeddingsResponse(status: number, headers: UpstreamHeaders, body: Buffer): Mapped<EmbeddingsResponse> {
  if (status < 200 || status >= 300) return { ok: false, error: azureError(status, headers, body) };
  return openAiEmbeddingsResponse(status, headers, body);
}
