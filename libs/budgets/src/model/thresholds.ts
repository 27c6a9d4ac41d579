/**
 * Thresholds (percent of the limit) that `before -> after` crossed, in
 * ascending order. Integer arithmetic: a threshold t is reached when
 * used * 100 >= limit * t, so 100% means "at or over the limit".
 */
export function crossedThresholds(before: number, after: number, limit: number, thresholds: readonly number[]): number[] {
  if (limit <= 0 || after <= before) return [];
  return [...new Set(thresholds)].filter((t) => t > 0 && !reached(before, limit, t) && reached(after, limit, t)).sort((a, b) => a - b);
}

export function reached(used: number, limit: number, percent: number): boolean {
  return used * 100 >= limit * percent;
}

/** Thresholds already reached at `used` (what a rebuilt counter has crossed). */
export function reachedThresholds(used: number, limit: number, thresholds: readonly number[]): number[] {
  return [...new Set(thresholds)].filter((t) => t > 0 && limit > 0 && reached(used, limit, t)).sort((a, b) => a - b);
}
