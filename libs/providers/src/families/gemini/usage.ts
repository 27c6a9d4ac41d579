import { Usage } from '@switchyard/contracts';
import type { GeminiModalityCount, GeminiWireUsage } from './types';

/**
 * promptTokenCount already includes cached tokens; candidatesTokenCount
 * excludes thinking, which is billed as output, so thoughts are added to
 * output and reported as reasoning. Audio is split out of the per-modality details.
 */
export function geminiUsage(usage: GeminiWireUsage): Usage {
  const thoughts = usage.thoughtsTokenCount ?? 0;
  return Usage.fromPartial({
    inputTokens: (usage.promptTokenCount ?? 0) + (usage.toolUsePromptTokenCount ?? 0),
    outputTokens: (usage.candidatesTokenCount ?? 0) + thoughts,
    cachedInputTokens: usage.cachedContentTokenCount ?? 0,
    reasoningTokens: thoughts,
    audioInputTokens: audioTokens(usage.promptTokensDetails),
    audioOutputTokens: audioTokens(usage.candidatesTokensDetails),
    estimated: false,
  });
}

function audioTokens(details: GeminiModalityCount[] | undefined): number {
  return (details ?? []).filter((d) => d.modality === 'AUDIO').reduce((sum, d) => sum + (d.tokenCount ?? 0), 0);
}
