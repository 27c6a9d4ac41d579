import { MeteredUnit } from '@switchyard/contracts';
import type { ChatRequest, EmbeddingsRequest } from '@switchyard/contracts';
import { costMicroUsd, TokenPrice } from '@switchyard/pricing';

export const DEFAULT_ASSUMED_OUTPUT_TOKENS = 1024;
// Chat framing per message and reply priming (OpenAI documents 3 + 3; 4 leaves room for others).
const TOKENS_PER_MESSAGE = 4;
const REPLY_PRIMING_TOKENS = 4;
// A high-detail image costs at most ~1,600 tokens on the big providers.
const TOKENS_PER_IMAGE = 1_600;

/**
 * An upper bound on the input tokens of a chat request without running a
 * tokenizer on the hot path: no tokenizer emits more tokens than the text
 * has UTF-8 bytes, so bytes (plus framing and images) bound the count.
 */
export function inputTokensUpperBound(request: ChatRequest): number {
  let total = REPLY_PRIMING_TOKENS;
  for (const message of request.messages) {
    total += TOKENS_PER_MESSAGE + Buffer.byteLength(message.name);
    for (const part of message.content) {
      const p = part.part;
      if (p?.$case === 'text') total += Buffer.byteLength(p.text);
      else if (p?.$case === 'image') total += TOKENS_PER_IMAGE;
      else if (p?.$case === 'audio') total += Math.ceil(p.audio.dataBase64.length / 4);
    }
    for (const call of message.toolCalls) total += Buffer.byteLength(call.name) + Buffer.byteLength(call.argumentsJson);
  }
  for (const tool of request.tools)
    total += Buffer.byteLength(tool.name) + Buffer.byteLength(tool.description) + Buffer.byteLength(tool.parametersJson);
  if (request.responseFormat) total += Buffer.byteLength(request.responseFormat.schemaJson);
  return total;
}

/**
 * What one chat attempt may cost at most: the input bound at the input price
 * plus max_tokens (or the budget's assumed output when the request sets none)
 * at the output price. Only the assumed-output case can be exceeded; the
 * overspend bound in docs/budgets.md accounts for it.
 */
export function estimateChatCost(request: ChatRequest, price: TokenPrice | undefined, assumedOutputTokens: number): number {
  if (!price) return 0;
  const output =
    request.maxTokens !== undefined && request.maxTokens > 0 ? request.maxTokens : assumedOutputTokens || DEFAULT_ASSUMED_OUTPUT_TOKENS;
  return costMicroUsd(
    { inputTokens: inputTokensUpperBound(request), outputTokens: output, cachedInputTokens: 0, cacheWriteTokens: 0 },
    price,
  );
}

export function estimateEmbeddingsCost(request: EmbeddingsRequest, price: TokenPrice | undefined): number {
  if (!price) return 0;
  const input = request.inputs.reduce((sum, text) => sum + Buffer.byteLength(text) + 1, 0);
  return costMicroUsd({ inputTokens: input, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0 }, price);
}

/**
 * What a transcription is reserved at: its length guessed from its size at
 * 32 bytes per millisecond (16 kHz 16-bit mono PCM, the densest common
 * upload; compressed audio is longer per byte, and is settled at its real
 * length when the usage event is counted).
 */
export function estimateTranscriptionCost(audioBytes: number, price: TokenPrice | undefined): number {
  if (!price) return 0;
  const metered = { unit: MeteredUnit.METERED_UNIT_AUDIO_MS, quantity: Math.ceil(audioBytes / 32), variant: '' };
  return costMicroUsd({ inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, metered }, price);
}

/** What a speech request is reserved at: its characters, as the provider counts them (code points). */
export function estimateSpeechCost(input: string, price: TokenPrice | undefined): number {
  if (!price) return 0;
  const metered = { unit: MeteredUnit.METERED_UNIT_CHARACTER, quantity: [...input].length, variant: '' };
  return costMicroUsd({ inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, metered }, price);
}

/**
 * What `images` images may cost before their size and quality are priced
 * (when the attempt settles): the dearest image the model's price lists.
 */
export function estimateImageCost(images: number, price: TokenPrice | undefined): number {
  const each = Math.max(0, ...Object.values(price?.image ?? {}).map((p) => p ?? 0));
  return each * Math.max(1, images);
}
