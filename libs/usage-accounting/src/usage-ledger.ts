import { Usage } from '@switchyard/contracts';

/** A ledger invariant a provider's usage can break; the label of switchyard_usage_invariant_violations_total. */
export type UsageRule =
  | 'negative_count'
  | 'cached_exceeds_input'
  | 'cache_write_exceeds_input'
  | 'audio_input_exceeds_input'
  | 'reasoning_exceeds_output'
  | 'output_parts_exceed_output';

export interface CheckedUsage {
  /** The usage with every broken invariant corrected (flagged `estimated` when anything was). */
  usage: Usage;
  violations: UsageRule[];
}

/**
 * The ledger's invariants over one attempt's usage: counts are not negative,
 * and the parts add up inside their totals. Input: cached + cache_write ≤
 * input, audio ≤ input (audio may itself be cached, so it is not added to the
 * cache parts). Output: reasoning + audio ≤ output (the rest is text). A
 * broken one is corrected by clamping the part to what its total leaves
 * (never inflating the total we bill), and the usage is flagged `estimated`
 * because it is no longer the provider's exact count. Pure: the caller counts
 * and logs the violations.
 */
export function checkUsage(usage: Usage): CheckedUsage {
  const violations: UsageRule[] = [];
  const counts = [
    usage.inputTokens,
    usage.outputTokens,
    usage.cachedInputTokens,
    usage.cacheWriteTokens,
    usage.reasoningTokens,
    usage.audioInputTokens,
    usage.audioOutputTokens,
  ];
  if (counts.some((n) => n < 0)) violations.push('negative_count');
  const input = Math.max(0, usage.inputTokens);
  const output = Math.max(0, usage.outputTokens);
  const part = (n: number, room: number, rule: UsageRule): number => {
    const value = Math.max(0, n);
    if (value <= room) return value;
    violations.push(rule);
    return room;
  };
  const cached = part(usage.cachedInputTokens, input, 'cached_exceeds_input');
  const cacheWrite = part(usage.cacheWriteTokens, input - cached, 'cache_write_exceeds_input');
  const audioInput = part(usage.audioInputTokens, input, 'audio_input_exceeds_input');
  const reasoning = part(usage.reasoningTokens, output, 'reasoning_exceeds_output');
  const audioOutput = part(usage.audioOutputTokens, output - reasoning, 'output_parts_exceed_output');
  if (violations.length === 0) return { usage, violations };
  return {
    usage: Usage.fromPartial({
      ...usage,
      inputTokens: input,
      outputTokens: output,
      cachedInputTokens: cached,
      cacheWriteTokens: cacheWrite,
      reasoningTokens: reasoning,
      audioInputTokens: audioInput,
      audioOutputTokens: audioOutput,
      estimated: true,
    }),
    violations,
  };
}
