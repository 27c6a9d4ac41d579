import type { ChatRequest, EmbeddingsRequest } from '@switchyard/contracts';
import { invalidValue, missing } from '../validation/json-walker';
import { ApiError } from '@switchyard/api-errors';

/** The range of each numeric chat parameter, as OpenAI documents it; JSON parsing and the unified check read the same table. */
export const CHAT_PARAMETER_RANGES = {
  temperature: [0, 2],
  top_p: [0, 1],
  max_tokens: [1, 10_000_000],
  presence_penalty: [-2, 2],
  frequency_penalty: [-2, 2],
} as const satisfies Record<string, readonly [number, number]>;

export const EMBEDDINGS_DIMENSIONS_RANGE = [1, 65_536] as const;
export const EMBEDDINGS_MAX_INPUTS = 2048;

export function outOfRange(param: string, value: number, [min, max]: readonly [number, number]): ApiError {
  return invalidValue(param, `${value} is outside the allowed range [${min}, ${max}].`);
}

function checkRange(param: keyof typeof CHAT_PARAMETER_RANGES, value: number | undefined): void {
  const range = CHAT_PARAMETER_RANGES[param];
  if (value !== undefined && (value < range[0] || value > range[1])) throw outOfRange(param, value, range);
}

/**
 * The checks every unified ChatRequest passes, whatever surface it came in on
 * (a surface may be stricter, e.g. Anthropic's temperature ≤ 1). A JSON body
 * parsed by parseChatRequest passes them already; the gRPC Gateway, which
 * receives the unified message itself, relies on them.
 */
export function validateChatParameters(request: ChatRequest): void {
  if (request.model.trim() === '') throw request.model === '' ? missing('model') : invalidValue('model', 'must not be empty.');
  if (request.messages.length === 0) {
    throw ApiError.invalidRequest("Invalid 'messages': empty array. Expected an array with minimum length 1.", 'messages', 'empty_array');
  }
  checkRange('temperature', request.temperature);
  checkRange('top_p', request.topP);
  checkRange('max_tokens', request.maxTokens);
  checkRange('presence_penalty', request.presencePenalty);
  checkRange('frequency_penalty', request.frequencyPenalty);
}

/** The checks every unified EmbeddingsRequest passes (see validateChatParameters). */
export function validateEmbeddingsParameters(request: EmbeddingsRequest): void {
  if (request.model.trim() === '') throw missing('model');
  if (request.inputs.length === 0) throw invalidValue('input', 'must not be empty.');
  if (request.inputs.length > EMBEDDINGS_MAX_INPUTS) throw invalidValue('input', `at most ${EMBEDDINGS_MAX_INPUTS} inputs per request.`);
  if (request.inputs.some((s) => s.length === 0)) throw invalidValue('input', 'inputs must not be empty strings.');
  const dims = request.dimensions;
  if (dims !== undefined && (!Number.isInteger(dims) || dims < EMBEDDINGS_DIMENSIONS_RANGE[0] || dims > EMBEDDINGS_DIMENSIONS_RANGE[1])) {
    throw outOfRange('dimensions', dims, EMBEDDINGS_DIMENSIONS_RANGE);
  }
}
