import type { Experiment, ExperimentArm } from '@switchyard/contracts';
import { createHash } from 'node:crypto';

/** A stable point in [0, 1) for a string: the same input always lands in the same place. */
export function stablePoint(...parts: readonly string[]): number {
  const digest = createHash('sha256').update(parts.join('\u0000')).digest();
  return digest.readUInt32BE(0) / 0x1_0000_0000;
}

export function liveArms(experiment: Experiment): ExperimentArm[] {
  return experiment.arms.filter((a) => !a.shadow && a.weight > 0);
}

/**
 * The live arm a caller is in. Sticky: the point comes from the experiment,
 * the tenant and the end user, so one user keeps seeing one arm for the life
 * of the experiment (and changing one experiment's weights moves as few users
 * as cumulative ranges allow). Without an end user, `fallbackSubject` (the
 * request id) spreads requests by weight without stickiness.
 */
export function assignArm(experiment: Experiment, tenantId: string, endUser: string, fallbackSubject: string): ExperimentArm | undefined {
  const arms = liveArms(experiment);
  const total = arms.reduce((sum, a) => sum + a.weight, 0);
  if (total <= 0) return undefined;
  const point = stablePoint(experiment.id, tenantId, endUser || `request:${fallbackSubject}`) * total;
  let upTo = 0;
  for (const arm of arms) {
    upTo += arm.weight;
    if (point < upTo) return arm;
  }
  return arms[arms.length - 1];
}

/** The shadow arms that get a copy of this request (each samples its own percentage of requests). */
export function shadowArmsFor(experiment: Experiment, requestId: string): ExperimentArm[] {
  return experiment.arms.filter(
    (a) => a.shadow && a.shadowPercent > 0 && stablePoint(experiment.id, a.name, requestId) * 100 < a.shadowPercent,
  );
}
