/**
 * A per-minute limit as a token bucket: holds up to `perMinute` tokens and
 * refills continuously at perMinute/60 000 per millisecond. A limit of 0
 * means unlimited.
 */
export class RateLimitBucket {
  private level: number;
  private updatedAt: number;

  constructor(
    private perMinute: number,
    nowMs: number,
  ) {
    this.level = perMinute;
    this.updatedAt = nowMs;
  }

  get limit(): number {
    return this.perMinute;
  }

  get unlimited(): boolean {
    return this.perMinute <= 0;
  }

  /**
   * Changes the limit (catalog update, router replicas joining or leaving):
   * what was used within the last minute keeps counting against the new limit.
   */
  setLimit(perMinute: number, nowMs: number): void {
    if (perMinute === this.perMinute) return;
    this.refill(nowMs);
    const used = this.unlimited ? 0 : this.perMinute - this.level;
    this.perMinute = perMinute;
    this.level = perMinute - used;
  }

  available(nowMs: number): number {
    if (this.unlimited) return Number.POSITIVE_INFINITY;
    this.refill(nowMs);
    return this.level;
  }

  /** Takes `amount` tokens if they are there now. */
  tryTake(amount: number, nowMs: number): boolean {
    if (this.unlimited) return true;
    this.refill(nowMs);
    const need = this.clamp(amount);
    if (this.level < need) return false;
    this.level -= need;
    return true;
  }

  /** Milliseconds until `amount` tokens (on top of `ahead` already promised to others) are there. */
  msUntil(amount: number, nowMs: number, ahead = 0): number {
    if (this.unlimited) return 0;
    this.refill(nowMs);
    const deficit = this.clamp(amount) + ahead - this.level;
    return deficit <= 0 ? 0 : Math.ceil(deficit / this.ratePerMs());
  }

  /** Returns tokens (an attempt that never went out), or charges more (usage above the estimate) when negative. */
  adjust(amount: number, nowMs: number): void {
    if (this.unlimited) return;
    this.refill(nowMs);
    this.level = Math.min(this.perMinute, this.level + amount);
  }

  /** The provider says nothing is left: empty the bucket so we stop sending until it refills. */
  drain(nowMs: number): void {
    if (this.unlimited) return;
    this.refill(nowMs);
    this.level = Math.min(this.level, 0);
  }

  private refill(nowMs: number): void {
    const elapsed = nowMs - this.updatedAt;
    if (elapsed > 0) this.level = Math.min(this.perMinute, this.level + elapsed * this.ratePerMs());
    this.updatedAt = Math.max(this.updatedAt, nowMs);
  }

  private ratePerMs(): number {
    return this.perMinute / 60_000;
  }

  /** A request bigger than a whole minute's budget still gets through once the bucket is full. */
  private clamp(amount: number): number {
    return Math.min(amount, this.perMinute);
  }
}
