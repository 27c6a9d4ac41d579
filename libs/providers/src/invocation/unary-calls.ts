import { MeteredUnit, TokenCount, Usage } from '@switchyard/contracts';
import type {
  ChatRequest,
  EmbeddingsRequest,
  EmbeddingsResponse,
  ImageRequest,
  ImageResponse,
  ModerationRequest,
  ModerationResponse,
  TranscriptionRequest,
  TranscriptionResponse,
} from '@switchyard/contracts';
import { wavDurationMs } from '../usage-estimate/audio-duration';
import { imageMetered, imageRequestRejection } from '../images/image-models';
import { estimateEmbeddingsUsage, estimateModerationUsage, estimatePromptTokens } from '../usage-estimate/estimate-usage';
import type { UnaryCall } from './unary-attempt';

/** A codec function the call's refusal has already checked for. */
function present<T>(fn: T | undefined, what: string): T {
  if (!fn) throw new Error(`the provider family has no ${what}`);
  return fn;
}

const noApi = (model: string, family: string, what: string): string =>
  `The model '${model}' is served by the ${family} provider family, which has no ${what} API.`;

export const EMBEDDINGS_CALL: UnaryCall<EmbeddingsRequest, EmbeddingsResponse> = {
  endpoint: 'embeddings',
  refusal: (adapter, request, target) =>
    !adapter.embeddingsRequest || !adapter.embeddingsResponse
      ? noApi(request.model, adapter.family, 'embeddings')
      : adapter.unsupportedEmbeddings?.(request, target),
  request: (adapter, target, request, credential) => present(adapter.embeddingsRequest, 'embeddings request')(target, request, credential),
  response: (adapter, status, headers, body) => present(adapter.embeddingsResponse, 'embeddings response')(status, headers, body),
  settle: (request, response, target) => {
    response.model ||= target.upstreamModel;
    response.usage ??= estimateEmbeddingsUsage(request);
    return response.usage;
  },
};

/** Moderation providers report no usage: the input is counted with the tokenizer (what it costs is the price table's: OpenAI's is free). */
export const MODERATION_CALL: UnaryCall<ModerationRequest, ModerationResponse> = {
  endpoint: 'moderations',
  refusal: (adapter, request) =>
    !adapter.moderationRequest || !adapter.moderationResponse ? noApi(request.model, adapter.family, 'moderation') : undefined,
  request: (adapter, target, request, credential) => present(adapter.moderationRequest, 'moderation request')(target, request, credential),
  response: (adapter, status, headers, body) => present(adapter.moderationResponse, 'moderation response')(status, headers, body),
  settle: (request, response, target) => {
    response.model ||= target.upstreamModel;
    response.usage ??= estimateModerationUsage(request);
    return response.usage;
  },
};

/**
 * Exact from the family's own counter where it has one, else counted with
 * Switchyard's tokenizer and marked estimated. Counting consumes no tokens:
 * the attempt is recorded with zero usage (so it costs nothing), flagged
 * estimated when the count was.
 */
export const COUNT_TOKENS_CALL: UnaryCall<ChatRequest, TokenCount> = {
  endpoint: 'messages.count_tokens',
  refusal: () => undefined,
  local: (adapter, request) =>
    adapter.countTokensRequest && adapter.countTokensResponse
      ? undefined
      : TokenCount.fromPartial({ inputTokens: estimatePromptTokens(request), estimated: true }),
  request: (adapter, target, request, credential) => present(adapter.countTokensRequest, 'token counter')(target, request, credential),
  response: (adapter, status, headers, body) => present(adapter.countTokensResponse, 'token counter')(status, headers, body),
  settle: (_request, response) => Usage.fromPartial({ estimated: response.estimated }),
};

/**
 * Speech to text. Per-minute models are billed by the audio's length: the
 * provider's reported duration, else the WAV header's (marked estimated).
 * Token-priced models carry the provider's token usage as well.
 */
function audioCall(endpoint: 'audio.transcriptions' | 'audio.translations'): UnaryCall<TranscriptionRequest, TranscriptionResponse> {
  return {
    endpoint,
    refusal: (adapter, request, target) =>
      !adapter.transcriptionRequest || !adapter.transcriptionResponse
        ? noApi(request.model, adapter.family, 'audio transcription')
        : adapter.unsupportedTranscription?.(request, target),
    request: (adapter, target, request, credential) =>
      present(adapter.transcriptionRequest, 'transcription request')(target, request, credential),
    response: (adapter, status, headers, body) => present(adapter.transcriptionResponse, 'transcription response')(status, headers, body),
    settle: (request, response, target) => {
      response.model ||= target.upstreamModel;
      const usage = response.usage ?? Usage.fromPartial({});
      if (!usage.metered) {
        const ms = response.durationSeconds > 0 ? Math.round(response.durationSeconds * 1000) : wavDurationMs(request.audio);
        if (ms !== undefined) {
          usage.metered = { unit: MeteredUnit.METERED_UNIT_AUDIO_MS, quantity: ms, variant: '' };
          usage.estimated ||= response.durationSeconds <= 0;
        }
      }
      response.usage = usage;
      return usage;
    },
  };
}

export const TRANSCRIPTION_CALL = audioCall('audio.transcriptions');
export const TRANSLATION_CALL = audioCall('audio.translations');

/**
 * Images are billed per image by size and quality (the metered quantity);
 * tokens are carried where the provider reports them (gpt-image-1). A size,
 * quality or count the model lacks is the caller's mistake, refused unsent.
 */
export const IMAGE_CALL: UnaryCall<ImageRequest, ImageResponse> = {
  endpoint: 'images.generations',
  refusal: (adapter, request) =>
    !adapter.imageRequest || !adapter.imageResponse ? noApi(request.model, adapter.family, 'image generation') : undefined,
  rejection: (request, target) => imageRequestRejection(request, target.upstreamModel, request.model),
  request: (adapter, target, request, credential) => present(adapter.imageRequest, 'image request')(target, request, credential),
  response: (adapter, status, headers, body) => present(adapter.imageResponse, 'image response')(status, headers, body),
  settle: (request, response, target) => {
    response.model ||= target.upstreamModel;
    response.usage = Usage.fromPartial({
      ...response.usage,
      metered: imageMetered(request, target.upstreamModel, response.data.length),
    });
    return response.usage;
  },
};
