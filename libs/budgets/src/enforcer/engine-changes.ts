import type { QuotaDecision, SpendGrant } from '@switchyard/contracts';
import type { ThresholdCrossing } from './counter';

export interface HolderChanges {
  readonly grants: SpendGrant[];
  readonly settledAttemptIds: string[];
  readonly droppedGrantKeys: string[];
}

export interface EngineChanges {
  readonly decisions: QuotaDecision[];
  readonly holders: Map<string, HolderChanges>;
  readonly crossings: ThresholdCrossing[];
  readonly replicaCountChanged: boolean;
}

export interface EngineOptions {
  /** How long a disconnected router's outstanding credit stays reserved for its in-flight attempts. */
  readonly holderGraceMs: number;
  /** Event ids remembered for dropping redeliveries. */
  readonly dedupeCapacity: number;
}
