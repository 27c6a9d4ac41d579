import type { FamilyCodec } from '../../provider-adapter';
import { checkLimits } from '../../mapping/unsupported';
import { ollamaHeaders, ollamaUrl } from './api';
import { ollamaChatRequest } from './chat-request';
import { ollamaChatResponse } from './chat-response';
import { OllamaStreamDecoder } from './chat-stream';
import { ollamaEmbeddingsRequest, ollamaEmbeddingsResponse } from './embeddings';
import { ollamaError } from './errors';
import { ollamaModelsResponse } from './models';
import { ollamaRateLimit } from './rate-limit';

const LIMITS = {
  family: 'ollama',
  jsonMode: true,
  jsonSchema: true,
  objectToolArguments: true,
  namedToolResults: true,
  penalties: true,
  seed: true,
} as const;

/** Ollama's native API: /api/chat (NDJSON streaming), /api/embed, /api/tags. */
export const ollamaFamily: FamilyCodec = {
  family: 'ollama',
  capabilities: {
    chat: true,
    streaming: true,
    embeddings: true,
    vision: true,
    tools: true,
    jsonMode: true,
    moderations: false,
    transcriptions: false,
    imageGeneration: false,
    speech: false,
    countTokens: false,
  },
  unsupportedFeature: (request, target) => checkLimits(request, target, LIMITS),
  chatRequest: ollamaChatRequest,
  chatResponse: ollamaChatResponse,
  streamDecoder: () => new OllamaStreamDecoder(),
  errorResponse: ollamaError,
  rateLimit: ollamaRateLimit,
  embeddingsRequest: ollamaEmbeddingsRequest,
  embeddingsResponse: ollamaEmbeddingsResponse,
  modelsRequest: (target, credential) => ({ url: ollamaUrl(target, '/tags'), method: 'GET', headers: ollamaHeaders(credential), body: '' }),
  modelsResponse: ollamaModelsResponse,
};
