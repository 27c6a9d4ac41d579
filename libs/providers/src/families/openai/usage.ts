import { Usage } from '@switchyard/contracts';
import type { OpenAiWireUsage } from './types';

export function openAiUsage(usage: OpenAiWireUsage): Usage {
  return Usage.fromPartial({
    inputTokens: usage.prompt_tokens ?? 0,
    outputTokens: usage.completion_tokens ?? 0,
    cachedInputTokens: usage.prompt_tokens_details?.cached_tokens ?? 0,
    reasoningTokens: usage.completion_tokens_details?.reasoning_tokens ?? 0,
    audioInputTokens: usage.prompt_tokens_details?.audio_tokens ?? 0,
    audioOutputTokens: usage.completion_tokens_details?.audio_tokens ?? 0,
    estimated: false,
  });
}
