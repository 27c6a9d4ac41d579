import type { FamilyCodec } from '../../provider-adapter';
import { jsonViaToolUnsupported } from '../../mapping/json-via-tool';
import { checkLimits, describeUnsupported } from '../../mapping/unsupported';
import { anthropicChatRequest } from './chat-request';
import { anthropicChatResponse } from './chat-response';
import { AnthropicStreamDecoder } from './chat-stream';
import { anthropicCountTokensRequest, anthropicCountTokensResponse } from './count-tokens';
import { anthropicError } from './errors';
import { anthropicRateLimit } from './rate-limit';

const LIMITS = {
  family: 'anthropic',
  remoteImages: true,
  imageTypes: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'],
  objectToolArguments: true,
  forcedToolChoice: true,
  // Through a forced answer tool (mapping/json-via-tool).
  jsonMode: true,
  jsonSchema: true,
} as const;

/** Anthropic Messages API (api.anthropic.com/v1/messages) and its token counter. No embeddings API. */
export const anthropicFamily: FamilyCodec = {
  family: 'anthropic',
  capabilities: {
    chat: true,
    streaming: true,
    embeddings: false,
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
    if (request.temperature !== undefined && request.temperature > 1)
      return describeUnsupported(request, target, 'temperature above 1 (the range is 0 to 1)');
    const jsonLimit = jsonViaToolUnsupported(request);
    if (jsonLimit) return describeUnsupported(request, target, jsonLimit);
    return checkLimits(request, target, LIMITS);
  },
  chatRequest: anthropicChatRequest,
  chatResponse: anthropicChatResponse,
  streamDecoder: () => new AnthropicStreamDecoder(),
  errorResponse: anthropicError,
  rateLimit: anthropicRateLimit,
  countTokensRequest: anthropicCountTokensRequest,
  countTokensResponse: anthropicCountTokensResponse,
};
