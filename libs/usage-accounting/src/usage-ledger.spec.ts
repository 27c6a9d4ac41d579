import { Usage } from '@switchyard/contracts';
import { checkUsage } from './usage-ledger';

const usage = (over: Partial<Usage>): Usage => Usage.fromPartial({ inputTokens: 100, outputTokens: 50, ...over });

describe('checkUsage', () => {
  it('passes usage that keeps every invariant through unchanged', () => {
    const ok = usage({ cachedInputTokens: 60, cacheWriteTokens: 40, reasoningTokens: 50 });
    expect(checkUsage(ok)).toEqual({ usage: ok, violations: [] });
  });

  it('clamps cached tokens above input to input and flags the usage', () => {
    const { usage: fixed, violations } = checkUsage(usage({ cachedInputTokens: 150 }));
    expect(violations).toEqual(['cached_exceeds_input']);
    expect(fixed).toMatchObject({ inputTokens: 100, cachedInputTokens: 100, estimated: true });
  });

  it('keeps cached plus cache writes inside input (a cache write counted twice)', () => {
    const { usage: fixed, violations } = checkUsage(usage({ cachedInputTokens: 70, cacheWriteTokens: 70 }));
    expect(violations).toEqual(['cache_write_exceeds_input']);
    expect(fixed).toMatchObject({ cachedInputTokens: 70, cacheWriteTokens: 30, estimated: true });
  });

  it('clamps reasoning above output', () => {
    const { usage: fixed, violations } = checkUsage(usage({ reasoningTokens: 51 }));
    expect(violations).toEqual(['reasoning_exceeds_output']);
    expect(fixed.reasoningTokens).toBe(50);
  });

  it('keeps the output parts (reasoning + audio) inside output: the rest is text', () => {
    const ok = usage({ reasoningTokens: 20, audioOutputTokens: 30, audioInputTokens: 100 });
    expect(checkUsage(ok).violations).toEqual([]);
    const { usage: fixed, violations } = checkUsage(usage({ reasoningTokens: 20, audioOutputTokens: 40 }));
    expect(violations).toEqual(['output_parts_exceed_output']);
    expect(fixed).toMatchObject({ reasoningTokens: 20, audioOutputTokens: 30, outputTokens: 50, estimated: true });
  });

  it('clamps audio input above input', () => {
    const { usage: fixed, violations } = checkUsage(usage({ audioInputTokens: 101 }));
    expect(violations).toEqual(['audio_input_exceeds_input']);
    expect(fixed.audioInputTokens).toBe(100);
  });

  it('raises negative counts to zero', () => {
    const { usage: fixed, violations } = checkUsage(usage({ outputTokens: -5 }));
    expect(violations).toEqual(['negative_count']);
    expect(fixed).toMatchObject({ outputTokens: 0, estimated: true });
  });
});
