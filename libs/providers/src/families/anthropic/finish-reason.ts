import type { FinishReason } from '@switchyard/contracts';
import { stopReasonFinish } from '../../mapping/stop-reason';

export function anthropicFinishReason(reason: string | null | undefined, jsonAnswer = false): FinishReason {
  return stopReasonFinish(reason, ['refusal'], jsonAnswer);
}
