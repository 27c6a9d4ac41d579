import { countTokens as countBpeTokens } from 'gpt-tokenizer';

/** Real providers bill images by size; a fixed figure keeps the mock deterministic. */
export const IMAGE_TOKENS = 85;
const PER_MESSAGE_OVERHEAD = 3;
const REPLY_PRIMING = 3;

export function countTokens(text: string): number {
  if (!text) return 0;
  try {
    return countBpeTokens(text);
  } catch {
    // Special-token strings make the encoder throw; fall back to ~4 chars a token.
    return Math.ceil(text.length / 4);
  }
}

export interface PromptShape {
  /** Text of each message/turn, in order. */
  messages: string[];
  /** System prompt text, if any (counted as one more message). */
  system?: string;
  images?: number;
  /** Serialised tool definitions, counted like text. */
  tools?: string;
}

/** Same arithmetic for every family so usage stays comparable between formats and modes. */
export function countPromptTokens(shape: PromptShape): number {
  const texts = shape.system ? [shape.system, ...shape.messages] : shape.messages;
  let total = REPLY_PRIMING;
  for (const text of texts) total += PER_MESSAGE_OVERHEAD + countTokens(text);
  total += (shape.images ?? 0) * IMAGE_TOKENS;
  if (shape.tools) total += countTokens(shape.tools);
  return total;
}
