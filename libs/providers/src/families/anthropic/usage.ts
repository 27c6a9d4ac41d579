import { Usage } from '@switchyard/contracts';
import type { AnthropicWireUsage } from './types';

/**
 * Anthropic's input_tokens counts only the uncached part of the prompt; the
 * unified inputTokens is the whole prompt, so cache reads and cache writes
 * are added back (and also reported as the subsets they are).
 */
export function anthropicUsage(usage: AnthropicWireUsage): Usage {
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const cacheWrite = usage.cache_creation_input_tokens ?? 0;
  return Usage.fromPartial({
    inputTokens: (usage.input_tokens ?? 0) + cacheRead + cacheWrite,
    outputTokens: usage.output_tokens ?? 0,
    cachedInputTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    estimated: false,
  });
}

/** Stream usage arrives in parts (message_start, then message_delta); later non-null fields win. */
export function mergeAnthropicUsage(base: AnthropicWireUsage, update: AnthropicWireUsage | undefined): AnthropicWireUsage {
  if (!update) return base;
  const merged: AnthropicWireUsage = { ...base };
  for (const key of ['input_tokens', 'output_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens'] as const) {
    const value = update[key];
    if (typeof value === 'number') merged[key] = value;
  }
  return merged;
}
