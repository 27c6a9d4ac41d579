/** One credential's usage on one UTC day, as one side (Switchyard's meter or the provider's report) counts it. */
export interface DailyCredentialUsage {
  readonly credential: string;
  readonly provider: string;
  /** YYYY-MM-DD (UTC). */
  readonly day: string;
  /** All input tokens, cached and cache-written included. */
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cachedInputTokens: number;
}

export interface DriftThreshold {
  /** Drift ratio (|provider − ours| / max(provider, ours)) above which a line is flagged, e.g. 0.01. */
  readonly ratio: number;
  /** Token differences up to this many are never flagged (rounding, a request on the day boundary). */
  readonly tokens: number;
}

export interface ReconciliationLine {
  readonly credential: string;
  readonly provider: string;
  readonly day: string;
  readonly metered: DailyCredentialUsage | null;
  readonly reported: DailyCredentialUsage | null;
  /** The largest drift ratio over input, output and cached tokens (1 when one side has nothing). */
  readonly driftRatio: number;
  readonly flagged: boolean;
}

const COUNTS = ['inputTokens', 'outputTokens', 'cachedInputTokens'] as const;

/**
 * Compares what Switchyard metered per provider credential and day with the
 * provider's own usage report for the same credential and day. A line is
 * flagged when any token count drifts by more than both the ratio and the
 * absolute token threshold; a credential only one side knows is flagged when
 * it has more tokens than the absolute threshold.
 */
export function reconcileUsage(
  metered: readonly DailyCredentialUsage[],
  reported: readonly DailyCredentialUsage[],
  threshold: DriftThreshold,
): ReconciliationLine[] {
  const key = (u: DailyCredentialUsage) => `${u.provider}\u0000${u.credential}\u0000${u.day}`;
  const ours = new Map(metered.map((u) => [key(u), u]));
  const theirs = new Map(reported.map((u) => [key(u), u]));
  const keys = [...new Set([...ours.keys(), ...theirs.keys()])].sort();
  return keys.map((k) => {
    const m = ours.get(k) ?? null;
    const r = theirs.get(k) ?? null;
    const any = (m ?? r)!;
    let driftRatio = 0;
    let flagged = false;
    for (const count of COUNTS) {
      const a = m?.[count] ?? 0;
      const b = r?.[count] ?? 0;
      const diff = Math.abs(a - b);
      const ratio = diff === 0 ? 0 : diff / Math.max(a, b);
      driftRatio = Math.max(driftRatio, ratio);
      if (diff > threshold.tokens && ratio > threshold.ratio) flagged = true;
    }
    return { credential: any.credential, provider: any.provider, day: any.day, metered: m, reported: r, driftRatio, flagged };
  });
}
