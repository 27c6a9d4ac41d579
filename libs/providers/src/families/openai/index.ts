import type { FamilyCodec } from '../../provider-adapter';
import { openAiHeaders, openAiUrl } from './api';
import { openAiChatBody } from './chat-request';
import { openAiChatResponse } from './chat-response';
import { OpenAiStreamDecoder } from './chat-stream';
import { openAiEmbeddingsRequest, openAiEmbeddingsResponse } from './embeddings';
import { openAiImageRequest, openAiImageResponse } from './images';
import { openAiModelsResponse } from './models';
import { openAiModerationRequest, openAiModerationResponse } from './moderations';
import { openAiSpeech } from './speech';
import { openAiTranscriptionStream } from './transcription-stream';
import { openAiTranscriptionRequest, openAiTranscriptionResponse, unsupportedTranscription } from './transcriptions';
import { openAiError } from './errors';
import { openAiRateLimit } from './rate-limit';

/** OpenAI's own API (api.openai.com and anything byte-compatible with it). */
export const openAiFamily: FamilyCodec = {
  family: 'openai',
  capabilities: {
    chat: true,
    streaming: true,
    embeddings: true,
    vision: true,
    tools: true,
    jsonMode: true,
    moderations: true,
    transcriptions: true,
    imageGeneration: true,
    speech: true,
    countTokens: false,
  },
  unsupportedFeature: () => undefined,
  chatRequest: (target, request, credential, stream) => ({
    url: openAiUrl(target, '/chat/completions'),
    method: 'POST',
    headers: openAiHeaders(target, credential, stream),
    body: JSON.stringify(
      openAiChatBody(target.upstreamModel, request, stream, { maxTokensField: 'max_completion_tokens', developerRole: true }),
    ),
  }),
  chatResponse: openAiChatResponse,
  streamDecoder: () => new OpenAiStreamDecoder(),
  errorResponse: openAiError,
  rateLimit: openAiRateLimit,
  embeddingsRequest: openAiEmbeddingsRequest,
  embeddingsResponse: openAiEmbeddingsResponse,
  moderationRequest: openAiModerationRequest,
  moderationResponse: openAiModerationResponse,
  unsupportedTranscription,
  transcriptionRequest: openAiTranscriptionRequest,
  transcriptionResponse: openAiTranscriptionResponse,
  transcriptionStream: openAiTranscriptionStream,
  speech: openAiSpeech,
  imageRequest: openAiImageRequest,
  imageResponse: openAiImageResponse,
  modelsRequest: (target, credential) => ({
    url: openAiUrl(target, '/models'),
    method: 'GET',
    headers: openAiHeaders(target, credential, false),
    body: '',
  }),
  modelsResponse: openAiModelsResponse,
};
