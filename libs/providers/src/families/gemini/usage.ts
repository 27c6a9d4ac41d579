import { Usage } from '@switchyard/contracts';
import type { GeminiWireUsage } from './types';

/**
 * promptTokenCount already includes cached tokens; candidatesTokenCount
 * excludes thinking, which is billed as output, so thoughts are added to
 * output and reported as reasoning.
 */
export function geminiUsage(usage: GeminiWireUsage): Usage {
  const thoughts = usage.thoughtsTokenCount ?? 0;
  return Usage.fromPartial({
    inputTokens: (usage.promptTokenCount ?? 0) + (usage.toolUsePromptTokenCount ?? 0),
    outputTokens: (usage.candidatesTokenCount ?? 0) + thoughts,
    cachedInputTokens: usage.cachedContentTokenCount ?? 0,
    reasoningTokens: thoughts,
    estimated: false,
  });
}
