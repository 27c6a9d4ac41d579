import type { FinishReason } from '@switchyard/contracts';
import { stopReasonFinish } from '../../mapping/stop-reason';

export function bedrockFinishReason(reason: string | undefined, jsonAnswer = false): FinishReason {
  return stopReasonFinish(reason, ['content_filtered', 'guardrail_intervened'], jsonAnswer);
}
