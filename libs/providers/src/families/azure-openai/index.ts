import type { FamilyCodec } from '../../provider-adapter';
import { azureChatRequest } from './chat-request';
import { azureChatResponse } from './chat-response';
import { AzureStreamDecoder } from './chat-stream';
import { azureEmbeddingsRequest, azureEmbeddingsResponse } from './embeddings';
import { azureError } from './errors';
import { azureImageRequest, azureImageResponse } from './images';
import { azureModerationRequest, azureModerationResponse } from './moderations';
import { azureSpeech } from './speech';
import { azureTranscriptionRequest, azureTranscriptionResponse, azureTranscriptionStream } from './transcriptions';
import { unsupportedTranscription } from '../openai/transcriptions';
import { azureRateLimit } from './rate-limit';

/** Azure OpenAI: OpenAI's wire format at deployment URLs, with api-version and the api-key header. */
export const azureOpenAiFamily: FamilyCodec = {
  family: 'azure-openai',
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
  chatRequest: azureChatRequest,
  chatResponse: azureChatResponse,
  streamDecoder: () => new AzureStreamDecoder(),
  errorResponse: azureError,
  rateLimit: azureRateLimit,
  embeddingsRequest: azureEmbeddingsRequest,
  embeddingsResponse: azureEmbeddingsResponse,
  moderationRequest: azureModerationRequest,
  moderationResponse: azureModerationResponse,
  unsupportedTranscription,
  transcriptionRequest: azureTranscriptionRequest,
  transcriptionResponse: azureTranscriptionResponse,
  transcriptionStream: azureTranscriptionStream,
  speech: azureSpeech,
  imageRequest: azureImageRequest,
  imageResponse: azureImageResponse,
};
