import { FinishReason } from '@switchyard/contracts';

/** `jsonAnswer`: the stop came from the forced JSON answer tool (JSON mode), which is a normal end. */
export function anthropicFinishReason(reason: string | null | undefined, jsonAnswer = false): FinishReason {
  switch (reason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return FinishReason.FINISH_REASON_LENGTH;
    case 'tool_use':
      return jsonAnswer ? FinishReason.FINISH_REASON_STOP : FinishReason.FINISH_REASON_TOOL_CALLS;
    case 'refusal':
      return FinishReason.FINISH_REASON_CONTENT_FILTER;
    default:
      // end_turn, stop_sequence, pause_turn
      return FinishReason.FINISH_REASON_STOP;
  }
}
