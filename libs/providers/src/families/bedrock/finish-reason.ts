import { FinishReason } from '@switchyard/contracts';

/** `jsonAnswer`: the stop came from the forced JSON answer tool (JSON mode), which is a normal end. */
export function bedrockFinishReason(reason: string | undefined, jsonAnswer = false): FinishReason {
  switch (reason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return FinishReason.FINISH_REASON_LENGTH;
    case 'tool_use':
      return jsonAnswer ? FinishReason.FINISH_REASON_STOP : FinishReason.FINISH_REASON_TOOL_CALLS;
    case 'content_filtered':
    case 'guardrail_intervened':
      return FinishReason.FINISH_REASON_CONTENT_FILTER;
    default:
      return FinishReason.FINISH_REASON_STOP;
  }
}
