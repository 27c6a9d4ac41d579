/**
 * A throttle decision's share of requests per minute on this router: tokens refill evenly, with a burst of
 * up to one minute's worth. A throttle always limits, so a share of 0 lets nothing through; that is not
 * routing's RateLimitBucket, where 0 means the deployment has no RPM/TPM limit configured.
 */
export class ThrottleBucket {
  private tokens: number;
  private updatedAtMs: number;

  constructor(
    private ratePerMinute: number,
    nowMs: number,
  ) {
    this.tokens = ratePerMinute;
    this.updatedAtMs = nowMs;
  }

  setRate(ratePerMinute: number): void {
    this.ratePerMinute = ratePerMinute;
    this.tokens = Math.min(this.tokens, ratePerMinute);
  }

  /** Takes a token; otherwise says how long until one is available. */
  take(nowMs: number): { ok: true } | { ok: false; retryAfterMs: number } {
    const elapsed = Math.max(0, nowMs - this.updatedAtMs);
    this.tokens = Math.min(this.ratePerMinute, this.tokens + (elapsed * this.ratePerMinute) / 60_000);
    this.updatedAtMs = nowMs;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    if (this.ratePerMinute <= 0) return { ok: false, retryAfterMs: 60_000 };
    return { ok: false, retryAfterMs: Math.ceil(((1 - this.tokens) * 60_000) / this.ratePerMinute) };
  }
}
