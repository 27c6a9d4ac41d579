import type { FamilyCodec } from '../../provider-adapter';
import { openAiModelsResponse } from '../openai/models';
import { compatibleHeaders, compatibleUrl } from './api';
import { compatibleChatRequest } from './chat-request';
import { compatibleChatResponse } from './chat-response';
import { CompatibleStreamDecoder } from './chat-stream';
import { compatibleEmbeddingsRequest, compatibleEmbeddingsResponse } from './embeddings';
import { compatibleError } from './errors';
import { compatibleRateLimit } from './rate-limit';
import { compatibleSpeech } from './speech';
import { compatibleTranscriptionRequest, compatibleTranscriptionResponse } from './transcriptions';
import { unsupportedTranscription } from '../openai/transcriptions';

/** Any server speaking OpenAI's chat API at a base URL with a key: Mistral, Groq, Together, DeepSeek, vLLM. */
export const openAiCompatibleFamily: FamilyCodec = {
  family: 'openai-compatible',
  capabilities: {
    chat: true,
    streaming: true,
    embeddings: true,
    vision: true,
    tools: true,
    jsonMode: true,
    moderations: false,
    transcriptions: true,
    imageGeneration: false,
    speech: true,
    countTokens: false,
  },
  unsupportedFeature: () => undefined,
  chatRequest: compatibleChatRequest,
  chatResponse: (status, headers, body) =>
    status < 200 || status >= 300
      ? { ok: false, error: compatibleError(status, headers, body) }
      : compatibleChatResponse(status, headers, body),
  streamDecoder: () => new CompatibleStreamDecoder(),
  errorResponse: compatibleError,
  rateLimit: compatibleRateLimit,
  embeddingsRequest: compatibleEmbeddingsRequest,
  embeddingsResponse: compatibleEmbeddingsResponse,
  unsupportedTranscription,
  transcriptionRequest: compatibleTranscriptionRequest,
  transcriptionResponse: compatibleTranscriptionResponse,
  speech: compatibleSpeech,
  modelsRequest: (target, credential) => ({
    url: compatibleUrl(target, '/models'),
    method: 'GET',
    headers: compatibleHeaders(credential, false),
    body: '',
  }),
  modelsResponse: openAiModelsResponse,
};
