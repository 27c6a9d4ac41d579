import { MeteredUnit } from '@switchyard/contracts';

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
  /** Micro-USD per minute of input audio (whisper-style transcription). */
  readonly audioMinute?: number;
  /** Micro-USD per million input characters (tts-style speech). */
  readonly millionCharacters?: number;
  /** Micro-USD per generated image by variant ("<size>/<quality>"), with "default" for any other. */
  readonly image?: Readonly<Record<string, number | undefined>>;
}

/** A quantity billed in a unit other than tokens (the wire's MeteredQuantity). */
export interface Metered {
  readonly unit: MeteredUnit;
  readonly quantity: number;
  readonly variant: string;
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
  /** What the call is billed by besides tokens, where the provider prices it so. */
  readonly metered?: Metered | undefined;
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
    meteredScaled(tokens.metered, price) +
    BigInt(plainInput - audioInput) * BigInt(price.input) +
    BigInt(audioInput) * BigInt(price.audioInput ?? price.input) +
    BigInt(cached) * BigInt(price.cachedInput) +
    BigInt(cacheWrite) * BigInt(price.cacheWrite) +
    BigInt(tokens.outputTokens - audioOutput) * BigInt(price.output) +
    BigInt(audioOutput) * BigInt(price.audioOutput ?? price.output)
  );
}

const MS_PER_MINUTE = 60_000n;

/** The image price of a variant: the exact variant, then its size's default, then the model's default. */
export function imagePrice(price: TokenPrice, variant: string): number | undefined {
  const table = price.image;
  if (!table) return undefined;
  const size = variant.split('/')[0] ?? '';
  return table[variant] ?? table[`${size}/default`] ?? table['default'];
}

/**
 * A metered quantity's cost on the same scale as tokens (micro-USD x 1e6),
 * so one rounding covers the whole call. A unit the price does not list
 * costs nothing extra (the call is billed by its tokens alone).
 */
function meteredScaled(metered: Metered | undefined, price: TokenPrice): bigint {
  if (!metered || metered.quantity <= 0) return 0n;
  const quantity = BigInt(metered.quantity);
  switch (metered.unit) {
    case MeteredUnit.METERED_UNIT_AUDIO_MS:
      return price.audioMinute ? (quantity * BigInt(price.audioMinute) * TOKENS_PER_PRICE_UNIT) / MS_PER_MINUTE : 0n;
    case MeteredUnit.METERED_UNIT_CHARACTER:
      return price.millionCharacters ? quantity * BigInt(price.millionCharacters) : 0n;
    case MeteredUnit.METERED_UNIT_IMAGE: {
      const each = imagePrice(price, metered.variant);
      return each ? quantity * BigInt(each) * TOKENS_PER_PRICE_UNIT : 0n;
    }
    default:
      return 0n;
  }
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
