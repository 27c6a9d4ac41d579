import type { FamilyCodec } from '../../provider-adapter';
import { checkLimits } from '../../mapping/unsupported';
import { geminiHeaders } from './api';
import { geminiChatRequest } from './chat-request';
import { geminiChatResponse } from './chat-response';
import { GeminiStreamDecoder } from './chat-stream';
import { geminiEmbeddingsRequest, geminiEmbeddingsResponse } from './embeddings';
import { geminiCountTokensRequest, geminiCountTokensResponse } from './count-tokens';
import { geminiError } from './errors';
import { geminiImageRequest, geminiImageResponse } from './images';
import { geminiModelsResponse } from './models';
import { geminiRateLimit } from './rate-limit';

const LIMITS = {
  family: 'gemini',
  audioInput: true,
  jsonMode: true,
  jsonSchema: true,
  objectToolArguments: true,
  namedToolResults: true,
  forcedToolChoice: true,
  penalties: true,
  seed: true,
  reasoningEffort: true,
} as const;

/** Google Gemini API (generativelanguage.googleapis.com): generateContent, streamGenerateContent, batchEmbedContents, countTokens, and Imagen's predict. */
export const geminiFamily: FamilyCodec = {
  family: 'gemini',
  capabilities: {
    chat: true,
    streaming: true,
    embeddings: true,
    vision: true,
    tools: true,
    jsonMode: true,
    moderations: false,
    transcriptions: false,
    imageGeneration: true,
    speech: false,
    countTokens: true,
  },
  unsupportedFeature: (request, target) => checkLimits(request, target, LIMITS),
  chatRequest: geminiChatRequest,
  chatResponse: geminiChatResponse,
  streamDecoder: () => new GeminiStreamDecoder(),
  errorResponse: geminiError,
  rateLimit: geminiRateLimit,
  embeddingsRequest: geminiEmbeddingsRequest,
  embeddingsResponse: geminiEmbeddingsResponse,
  imageRequest: geminiImageRequest,
  imageResponse: geminiImageResponse,
  modelsRequest: (target, credential) => ({
    url: `${target.baseUrl.replace(/\/+$/, '')}/models`,
    method: 'GET',
    headers: geminiHeaders(credential, false),
    body: '',
  }),
  modelsResponse: geminiModelsResponse,
  countTokensRequest: geminiCountTokensRequest,
  countTokensResponse: geminiCountTokensResponse,
};
