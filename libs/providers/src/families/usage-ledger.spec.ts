import type { Usage } from '@switchyard/contracts';
import { checkUsage } from '@switchyard/usage-accounting';
import { anthropicUsage, mergeAnthropicUsage } from './anthropic/usage';
import { bedrockUsage } from './bedrock/usage';
import { geminiUsage } from './gemini/usage';
import { openAiUsage } from './openai/usage';

/**
 * The ledger's invariants over what each family's usage mapping builds from the
 * provider's own wire usage, with cached and cache-written tokens: a mapping
 * that counted a cache write twice or dropped cached tokens breaks here.
 */
const cases: Array<[string, Usage, Partial<Usage>]> = [
  [
    'openai (final stream chunk with include_usage, or the response body)',
    openAiUsage({
      prompt_tokens: 2006,
      completion_tokens: 300,
      prompt_tokens_details: { cached_tokens: 1920 },
      completion_tokens_details: { reasoning_tokens: 128 },
    }),
    { inputTokens: 2006, cachedInputTokens: 1920, reasoningTokens: 128 },
  ],
  [
    'anthropic (stream: message_start, then message_delta)',
    anthropicUsage(
      mergeAnthropicUsage(
        { input_tokens: 10, cache_creation_input_tokens: 20, cache_read_input_tokens: 30, output_tokens: 1 },
        { output_tokens: 15 },
      ),
    ),
    { inputTokens: 60, cachedInputTokens: 30, cacheWriteTokens: 20, outputTokens: 15 },
  ],
  [
    'bedrock',
    bedrockUsage({ inputTokens: 10, cacheReadInputTokens: 30, cacheWriteInputTokens: 20, outputTokens: 5 }),
    { inputTokens: 60, cachedInputTokens: 30, cacheWriteTokens: 20 },
  ],
  [
    'gemini',
    geminiUsage({ promptTokenCount: 100, cachedContentTokenCount: 80, candidatesTokenCount: 10, thoughtsTokenCount: 5 }),
    { inputTokens: 100, cachedInputTokens: 80, outputTokens: 15, reasoningTokens: 5 },
  ],
];

describe.each(cases)('%s usage', (_family, usage, expected) => {
  it('keeps the cached tokens and every ledger invariant', () => {
    expect(usage).toMatchObject({ ...expected, estimated: false });
    expect(checkUsage(usage).violations).toEqual([]);
  });
});
