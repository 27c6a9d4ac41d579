/** Integer micro-USD per million tokens. */
export interface TokenPrice {
  readonly input: number;
  readonly output: number;
  readonly cachedInput: number;
  readonly cacheWrite: number;
}

export interface TokenCounts {
  /** All input tokens, cached and cache-write included. */
  readonly inputTokens: number;
  /** All output tokens, reasoning included. */
  readonly outputTokens: number;
  readonly cachedInputTokens: number;
  readonly cacheWriteTokens: number;
}

const TOKENS_PER_PRICE_UNIT = 1_000_000n;

/**
 * Cost of one call in integer micro-USD. Each token class is charged at its
 * own price; the exact sum (in micro-USD x tokens) is rounded half-up once, so
 * one call is never off by more than half a micro-dollar.
 */
export function costMicroUsd(tokens: TokenCounts, price: TokenPrice): number {
  const cached = Math.min(tokens.cachedInputTokens, tokens.inputTokens);
  const cacheWrite = Math.min(tokens.cacheWriteTokens, tokens.inputTokens - cached);
  const plainInput = tokens.inputTokens - cached - cacheWrite;
  const scaled =
    BigInt(plainInput) * BigInt(price.input) +
    BigInt(cached) * BigInt(price.cachedInput) +
    BigInt(cacheWrite) * BigInt(price.cacheWrite) +
    BigInt(tokens.outputTokens) * BigInt(price.output);
  return Number((scaled + TOKENS_PER_PRICE_UNIT / 2n) / TOKENS_PER_PRICE_UNIT);
}
