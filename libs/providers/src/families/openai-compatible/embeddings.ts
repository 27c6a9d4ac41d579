import { openAiEmbeddingsAt } from '../openai/embeddings';
import { compatibleHeaders, compatibleUrl } from './api';
import { compatibleError } from './errors';

const embeddings = openAiEmbeddingsAt(
  (target, credential) => ({ url: compatibleUrl(target, '/embeddings'), headers: compatibleHeaders(credential, false) }),
  compatibleError,
);

export const compatibleEmbeddingsRequest = embeddings.request;
export const compatibleEmbeddingsResponse = embeddings.response;
