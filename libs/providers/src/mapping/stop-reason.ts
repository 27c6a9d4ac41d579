import { FinishReason } from '@switchyard/contracts';

/**
 * Anthropic's stop reasons, which Bedrock's Converse API shares; each names its own
 * content-filter reasons. `jsonAnswer`: the stop came from the forced JSON answer tool
 * (JSON mode), which is a normal end.
 */
export function stopReasonFinish(reason: string | null | undefined, filtered: readonly string[], jsonAnswer: boolean): FinishReason {
  if (reason === 'max_tokens' || reason === 'model_context_window_exceeded') return FinishReason.FINISH_REASON_LENGTH;
  if (reason === 'tool_use') return jsonAnswer ? FinishReason.FINISH_REASON_STOP : FinishReason.FINISH_REASON_TOOL_CALLS;
  if (reason && filtered.includes(reason)) return FinishReason.FINISH_REASON_CONTENT_FILTER;
  // end_turn, stop_sequence, pause_turn
  return FinishReason.FINISH_REASON_STOP;
}
