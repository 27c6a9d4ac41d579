export interface WindowSettings {
  /** Samples older than this no longer count. */
  readonly windowMs: number;
  /** At most this many recent samples count (bounds memory and the p95 sort). */
  readonly maxSamples: number;
}

export interface WindowFigures {
  /** p95 of successful attempts' latency; undefined with no successful sample. */
  readonly p95LatencyMs: number | undefined;
  /** Failed share of the attempts in the window, 0 with no sample. */
  readonly errorRate: number;
  readonly samples: number;
}

/**
 * The recent attempts of one deployment, as a ring buffer: what the policies
 * rank by. Failed attempts count towards the error rate only (a deployment
 * that fails fast must not look fast).
 */
export class OutcomeWindow {
  private readonly at: number[];
  private readonly latency: number[];
  private readonly ok: boolean[];
  private next = 0;
  private size = 0;
  private cached: { figures: WindowFigures; atMs: number } | undefined;
  private dirty = false;

  constructor(private readonly settings: WindowSettings) {
    this.at = new Array<number>(settings.maxSamples).fill(0);
    this.latency = new Array<number>(settings.maxSamples).fill(0);
    this.ok = new Array<boolean>(settings.maxSamples).fill(false);
  }

  observe(atMs: number, latencyMs: number, ok: boolean): void {
    this.at[this.next] = atMs;
    this.latency[this.next] = latencyMs;
    this.ok[this.next] = ok;
    this.next = (this.next + 1) % this.settings.maxSamples;
    this.size = Math.min(this.size + 1, this.settings.maxSamples);
    this.dirty = true;
  }

  figures(nowMs: number): WindowFigures {
    // Ranking asks once per candidate per request, and under load a sample
    // arrives between any two asks: recompute at most every 100 ms (new
    // samples) or every second (old samples leaving the window).
    const age = this.cached ? nowMs - this.cached.atMs : Number.POSITIVE_INFINITY;
    if (this.cached && age < (this.dirty ? 100 : 1_000)) return this.cached.figures;
    const since = nowMs - this.settings.windowMs;
    const latencies: number[] = [];
    let failures = 0;
    let samples = 0;
    for (let i = 0; i < this.size; i++) {
      if (this.at[i]! < since) continue;
      samples += 1;
      if (this.ok[i]) latencies.push(this.latency[i]!);
      else failures += 1;
    }
    const figures = { p95LatencyMs: percentile(latencies, 0.95), errorRate: samples === 0 ? 0 : failures / samples, samples };
    this.cached = { figures, atMs: nowMs };
    this.dirty = false;
    return figures;
  }
}

/** Nearest-rank percentile; undefined for no values. */
export function percentile(values: number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1];
}
