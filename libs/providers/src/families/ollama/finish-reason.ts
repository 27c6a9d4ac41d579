import { FinishReason } from '@switchyard/contracts';

export function ollamaFinishReason(reason: string | undefined, hasToolCalls: boolean): FinishReason {
  if (reason === 'length') return FinishReason.FINISH_REASON_LENGTH;
  return hasToolCalls ? FinishReason.FINISH_REASON_TOOL_CALLS : FinishReason.FINISH_REASON_STOP;
}
