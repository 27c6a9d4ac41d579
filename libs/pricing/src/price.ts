/** Integer micro-USD per million tokens. */
export interface TokenPrice {
  readonly input: number;
  readonly output: number;
  readonly cachedInput: number;
  readonly cacheWrite: number;
  /** Audio prompt tokens, where the model lists an audio price (else billed as input). */
  readonly audioInput?: number;
  /** Generated audio tokens, where the model lists an audio price (else billed as output). */
  readonly audioOutput?: number;
}

export interface TokenCounts {
  /** All input tokens, cached and cache-write included. */
  readonly inputTokens: number;
  /** All output tokens, reasoning included. */
  readonly outputTokens: number;
  readonly cachedInputTokens: number;
  readonly cacheWriteTokens: number;
  /** Audio prompt tokens (a subset of input). */
  readonly audioInputTokens?: number;
  /** Audio output tokens (a subset of output; reasoning is billed as plain output). */
  readonly audioOutputTokens?: number;
}

/**
 * What one call cost, twice: exact to the nano-dollar (what sums and rollups
 * add up, so a million 0.1 µ$ calls make 100,000 µ$) and in whole micro-USD
 * (what one attempt shows on its own).
 */
export interface CallCost {
  readonly microUsd: number;
  readonly nanoUsd: number;
}

export const ZERO_COST: CallCost = { microUsd: 0, nanoUsd: 0 };

const TOKENS_PER_PRICE_UNIT = 1_000_000n;
const NANOS_PER_MICRO = 1_000n;

/**
 * The exact cost in micro-USD x tokens-per-million: each token class at its
 * own price. Cached and cache-write tokens take their cache prices first; of
 * the plain rest, audio tokens take the audio input price. Reasoning is plain
 * output; audio output takes the audio output price.
 */
function scaledCost(tokens: TokenCounts, price: TokenPrice): bigint {
  const cached = Math.min(tokens.cachedInputTokens, tokens.inputTokens);
  const cacheWrite = Math.min(tokens.cacheWriteTokens, tokens.inputTokens - cached);
  const plainInput = tokens.inputTokens - cached - cacheWrite;
  const audioInput = Math.min(tokens.audioInputTokens ?? 0, plainInput);
  const audioOutput = Math.min(tokens.audioOutputTokens ?? 0, tokens.outputTokens);
  return (
    BigInt(plainInput - audioInput) * BigInt(price.input) +
    BigInt(audioInput) * BigInt(price.audioInput ?? price.input) +
    BigInt(cached) * BigInt(price.cachedInput) +
    BigInt(cacheWrite) * BigInt(price.cacheWrite) +
    BigInt(tokens.outputTokens - audioOutput) * BigInt(price.output) +
    BigInt(audioOutput) * BigInt(price.audioOutput ?? price.output)
  );
}

function roundHalfUp(value: bigint, divisor: bigint): number {
  return Number((value + divisor / 2n) / divisor);
}

/**
 * Cost of one call in integer micro-USD. Each token class is charged at its
 * own price; the exact sum is rounded half-up once, so one call is never off
 * by more than half a micro-dollar.
 */
export function costMicroUsd(tokens: TokenCounts, price: TokenPrice): number {
  return roundHalfUp(scaledCost(tokens, price), TOKENS_PER_PRICE_UNIT);
}

/**
 * Cost of one call in integer nano-USD, rounded half-up once. Exact for every
 * price of the table (whole thousands of micro-USD per million tokens are whole
 * nano-USD per token); off by at most half a nano-dollar otherwise.
 */
export function costNanoUsd(tokens: TokenCounts, price: TokenPrice): number {
  return roundHalfUp(scaledCost(tokens, price), TOKENS_PER_PRICE_UNIT / NANOS_PER_MICRO);
}

export function callCost(tokens: TokenCounts, price: TokenPrice): CallCost {
  return { microUsd: costMicroUsd(tokens, price), nanoUsd: costNanoUsd(tokens, price) };
}

/** Whole micro-USD of a nano-USD sum, rounded half-up: how a sum of exact costs is shown. */
export function microUsdOfNanos(nanoUsd: number): number {
  return roundHalfUp(BigInt(nanoUsd), NANOS_PER_MICRO);
}
