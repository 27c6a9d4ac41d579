import type { FamilyCodec } from '../../provider-adapter';
import { jsonViaToolUnsupported } from '../../mapping/json-via-tool';
import { checkLimits, describeUnsupported } from '../../mapping/unsupported';
import { BEDROCK_IMAGE_TYPES, bedrockChatRequest, usesToolHistory } from './chat-request';
import { bedrockChatResponse } from './chat-response';
import { BedrockStreamDecoder } from './chat-stream';
import { bedrockEmbeddingsRequest, bedrockEmbeddingsResponse, bedrockEmbeddingsUnsupported } from './embeddings';
import { bedrockCountTokensRequest, bedrockCountTokensResponse } from './count-tokens';
import { bedrockError } from './errors';
import { bedrockRateLimit } from './rate-limit';
import { ToolChoiceMode } from '@switchyard/contracts';

const LIMITS = {
  family: 'bedrock',
  imageTypes: BEDROCK_IMAGE_TYPES,
  objectToolArguments: true,
  forcedToolChoice: true,
  // Through a forced answer tool (mapping/json-via-tool).
  jsonMode: true,
  jsonSchema: true,
} as const;

/** AWS Bedrock Converse / ConverseStream, and InvokeModel for embeddings (Cohere Embed, Titan Text Embeddings), CountTokens; SigV4-signed. */
export const bedrockFamily: FamilyCodec = {
  family: 'bedrock',
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
    countTokens: true,
  },
  unsupportedFeature: (request, target) => {
    if (request.toolChoice?.mode === ToolChoiceMode.TOOL_CHOICE_MODE_NONE && request.tools.length > 0 && usesToolHistory(request)) {
      return describeUnsupported(request, target, "tool_choice 'none' once the conversation holds tool calls");
    }
    const jsonLimit = jsonViaToolUnsupported(request);
    if (jsonLimit) return describeUnsupported(request, target, jsonLimit);
    return checkLimits(request, target, LIMITS);
  },
  chatRequest: bedrockChatRequest,
  chatResponse: bedrockChatResponse,
  streamDecoder: () => new BedrockStreamDecoder(),
  unsupportedEmbeddings: (request, target) => {
    const limit = bedrockEmbeddingsUnsupported(request, target);
    return limit ? describeUnsupported(request, target, limit) : undefined;
  },
  embeddingsRequest: bedrockEmbeddingsRequest,
  embeddingsResponse: bedrockEmbeddingsResponse,
  errorResponse: bedrockError,
  rateLimit: bedrockRateLimit,
  countTokensRequest: bedrockCountTokensRequest,
  countTokensResponse: bedrockCountTokensResponse,
};
