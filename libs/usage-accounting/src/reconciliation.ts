/** One credential's usage on one UTC day, as one side (Switchyard's meter or the provider's report) counts it. */
export interface DailyCredentialUsage {
  readonly credential: string;
  readonly provider: string;
  /** YYYY-MM-DD (UTC). */
  readonly day: string;
  /** All input tokens, cached and cache-written included. */
  readonly inputTokens: number;
  /** All output tokens, reasoning included. */
  readonly outputTokens: number;
  readonly cachedInputTokens: number;
  /**
   * The reasoning part of outputTokens; null when this side does not count it
   * separately (neither OpenAI's usage API nor Anthropic's usage report
   * carries a reasoning figure: theirs is folded into output tokens).
   */
  readonly reasoningTokens: number | null;
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
  /**
   * Reasoning tokens on each side: metered is what we stored (0 when we
   * metered nothing); reported is null when the provider's report carries no
   * reasoning figure, and then reasoning is not part of the drift check.
   */
  readonly reasoningTokens: { readonly metered: number; readonly reported: number | null };
  /** The largest drift ratio over input, output, cached and (when both sides count them) reasoning tokens; 1 when one side has nothing. */
  readonly driftRatio: number;
  readonly flagged: boolean;
}

const COUNTS = ['inputTokens', 'outputTokens', 'cachedInputTokens'] as const;

/** |a − b| / max(a, b), 0 when equal. */
function drift(a: number, b: number): { diff: number; ratio: number } {
  const diff = Math.abs(a - b);
  return { diff, ratio: diff === 0 ? 0 : diff / Math.max(a, b) };
}

/**
 * Compares what Switchyard metered per provider credential and day with the
 * provider's own usage report for the same credential and day. A line is
 * flagged when any token count drifts by more than both the ratio and the
 * absolute token threshold; a credential only one side knows is flagged when
 * it has more tokens than the absolute threshold. Reasoning tokens are
 * compared only when the provider reports a reasoning figure: a missing one
 * is "not reported", never 0.
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
    const reasoningTokens = { metered: m?.reasoningTokens ?? 0, reported: r?.reasoningTokens ?? null };
    const pairs: Array<[number, number]> = COUNTS.map((count) => [m?.[count] ?? 0, r?.[count] ?? 0]);
    if (reasoningTokens.reported !== null) pairs.push([reasoningTokens.metered, reasoningTokens.reported]);
    let driftRatio = 0;
    let flagged = false;
    for (const [a, b] of pairs) {
      const { diff, ratio } = drift(a, b);
      driftRatio = Math.max(driftRatio, ratio);
      if (diff > threshold.tokens && ratio > threshold.ratio) flagged = true;
    }
    return {
      credential: any.credential,
      provider: any.provider,
      day: any.day,
      metered: m,
      reported: r,
      reasoningTokens,
      driftRatio,
      flagged,
    };
  });
}
