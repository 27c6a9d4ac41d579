import { FinishReason } from '@switchyard/contracts';

const FILTERED = new Set(['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY', 'LANGUAGE']);

/** Gemini says STOP for function calls too; the caller passes whether the answer had any. */
export function geminiFinishReason(reason: string | undefined, hasFunctionCalls: boolean): FinishReason {
  if (reason === 'MAX_TOKENS') return FinishReason.FINISH_REASON_LENGTH;
  if (reason && FILTERED.has(reason)) return FinishReason.FINISH_REASON_CONTENT_FILTER;
  return hasFunctionCalls ? FinishReason.FINISH_REASON_TOOL_CALLS : FinishReason.FINISH_REASON_STOP;
}
