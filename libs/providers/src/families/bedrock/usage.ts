import { Usage } from '@switchyard/contracts';
import type { ConverseWireUsage } from './types';

/** inputTokens excludes cache reads and writes; the unified input is the whole prompt. */
export function bedrockUsage(usage: ConverseWireUsage): Usage {
  const cacheRead = usage.cacheReadInputTokens ?? 0;
  const cacheWrite = usage.cacheWriteInputTokens ?? 0;
  return Usage.fromPartial({
    inputTokens: (usage.inputTokens ?? 0) + cacheRead + cacheWrite,
    outputTokens: usage.outputTokens ?? 0,
    cachedInputTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    estimated: false,
  });
}
