import { FinishReason } from '@switchyard/contracts';

export type AnthropicStopReason = 'end_turn' | 'max_tokens' | 'tool_use' | 'refusal';

export function renderStopReason(reason: FinishReason): AnthropicStopReason {
  switch (reason) {
    case FinishReason.FINISH_REASON_LENGTH:
      return 'max_tokens';
    case FinishReason.FINISH_REASON_TOOL_CALLS:
      return 'tool_use';
    case FinishReason.FINISH_REASON_CONTENT_FILTER:
      return 'refusal';
    default:
      return 'end_turn';
  }
}
