import { FinishReason } from '@switchyard/contracts';

export function openAiFinishReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'length':
      return FinishReason.FINISH_REASON_LENGTH;
    case 'tool_calls':
    case 'function_call':
      return FinishReason.FINISH_REASON_TOOL_CALLS;
    case 'content_filter':
      return FinishReason.FINISH_REASON_CONTENT_FILTER;
    default:
      return FinishReason.FINISH_REASON_STOP;
  }
}
