import { openAiEmbeddingsAt } from '../openai/embeddings';
import { azureHeaders, azureUrl } from './api';
import { azureError } from './errors';

const embeddings = openAiEmbeddingsAt(
  (target, credential) => ({ url: azureUrl(target, 'embeddings'), headers: azureHeaders(target, credential, false) }),
  azureError,
);

export const azureEmbeddingsRequest = embeddings.request;
export const azureEmbeddingsResponse = embeddings.response;
