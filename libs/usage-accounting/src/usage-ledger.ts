import { Usage } from '@switchyard/contracts';

/** A ledger invariant a provider's usage can break; the label of switchyard_usage_invariant_violations_total. */
export type UsageRule = 'negative_count' | 'cached_exceeds_input' | 'cache_write_exceeds_input' | 'reasoning_exceeds_output';

export interface CheckedUsage {
  /** The usage with every broken invariant corrected (flagged `estimated` when anything was). */
  usage: Usage;
  violations: UsageRule[];
}

/**
 * The ledger's invariants over one attempt's usage: counts are not negative,
 * the cached and cache-written parts fit inside input (cached + cache_write ≤ input),
 * reasoning fits inside output. A broken one is corrected by clamping the part
 * to its total (never inflating the total we bill), and the usage is flagged
 * `estimated` because it is no longer the provider's exact count. Pure: the
 * caller counts and logs the violations.
 */
export function checkUsage(usage: Usage): CheckedUsage {
  const violations: UsageRule[] = [];
  const counts = [usage.inputTokens, usage.outputTokens, usage.cachedInputTokens, usage.cacheWriteTokens, usage.reasoningTokens];
  if (counts.some((n) => n < 0)) violations.push('negative_count');
  const input = Math.max(0, usage.inputTokens);
  const output = Math.max(0, usage.outputTokens);
  let cached = Math.max(0, usage.cachedInputTokens);
  let cacheWrite = Math.max(0, usage.cacheWriteTokens);
  let reasoning = Math.max(0, usage.reasoningTokens);
  if (cached > input) {
    violations.push('cached_exceeds_input');
    cached = input;
  }
  if (cached + cacheWrite > input) {
    violations.push('cache_write_exceeds_input');
    cacheWrite = input - cached;
  }
  if (reasoning > output) {
    violations.push('reasoning_exceeds_output');
    reasoning = output;
  }
  if (violations.length === 0) return { usage, violations };
  return {
    usage: Usage.fromPartial({
      ...usage,
      inputTokens: input,
      outputTokens: output,
      cachedInputTokens: cached,
      cacheWriteTokens: cacheWrite,
      reasoningTokens: reasoning,
      estimated: true,
    }),
    violations,
  };
}
