import { FinishReason } from '@switchyard/contracts';

export type OpenAiFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

export function renderFinishReason(reason: FinishReason): OpenAiFinishReason {
  switch (reason) {
    case FinishReason.FINISH_REASON_LENGTH:
      return 'length';
    case FinishReason.FINISH_REASON_TOOL_CALLS:
      return 'tool_calls';
    case FinishReason.FINISH_REASON_CONTENT_FILTER:
      return 'content_filter';
    default:
      return 'stop';
  }
}
