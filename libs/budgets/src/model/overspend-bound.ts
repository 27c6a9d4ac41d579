/**
 * The documented bound on spend past a hard budget (docs/budgets.md): every
 * replica that held credit in the window can overshoot its grant by at most
 * its largest single reservation, plus whatever attempts spent beyond their
 * estimate (only possible without max_tokens) and spend admitted without a
 * reservation (before a replica's first grant for a new budget).
 */
export interface OverspendInputs {
  readonly replicasWithCredit: number;
  readonly largestReservationMicroUsd: number;
  readonly excessOverEstimatesMicroUsd?: number;
  readonly unreservedSpendMicroUsd?: number;
}

export function overspendBoundMicroUsd(inputs: OverspendInputs): number {
  return (
    inputs.replicasWithCredit * inputs.largestReservationMicroUsd +
    (inputs.excessOverEstimatesMicroUsd ?? 0) +
    (inputs.unreservedSpendMicroUsd ?? 0)
  );
}
