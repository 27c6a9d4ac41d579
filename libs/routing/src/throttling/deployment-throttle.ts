import type { RateLimitInfo } from '@switchyard/contracts';
import { RateLimitBucket } from './rate-limit-bucket';

/** What one attempt takes from a deployment's limits. */
export interface AttemptCost {
  readonly tokens: number;
}

export interface ThrottleLimits {
  readonly rpm: number;
  readonly tpm: number;
}

export interface ThrottleSettings {
  /** Requests that may wait for one deployment at a time; more are refused. */
  readonly maxQueue: number;
  /** Pause after a provider 429 that says nothing about when to come back. */
  readonly defaultPauseMs: number;
}

export type Admission =
  | { readonly ok: true; readonly waitedMs: number }
  | { readonly ok: false; readonly reason: 'queue_full' | 'wait_too_long' | 'cancelled'; readonly retryAfterMs: number };

interface Waiter {
  readonly cost: AttemptCost;
  readonly enqueuedAt: number;
  readonly giveUpAt: number;
  readonly finish: (admission: Admission) => void;
}

// A provider asking for hours is treated as "not now": callers get 429s, not hour-long pauses.
const MAX_PAUSE_MS = 300_000;

/**
 * Rate-limit smoothing for one deployment: token buckets for requests and
 * tokens per minute (from the catalog), pauses the provider asks for
 * (retry-after, rate-limit headers), and a bounded FIFO of requests waiting
 * for capacity. Only a request that would wait longer than it may, or finds
 * the queue full, is refused.
 */
export class DeploymentThrottle {
  private readonly rpm: RateLimitBucket;
  private readonly tpm: RateLimitBucket;
  private pausedUntil = 0;
  private readonly waiters: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    limits: ThrottleLimits,
    private readonly settings: ThrottleSettings,
    private readonly now: () => number = Date.now,
  ) {
    this.rpm = new RateLimitBucket(limits.rpm, now());
    this.tpm = new RateLimitBucket(limits.tpm, now());
  }

  get queued(): number {
    return this.waiters.length;
  }

  get pausedForMs(): number {
    return Math.max(0, this.pausedUntil - this.now());
  }

  setLimits(limits: ThrottleLimits): void {
    if (limits.rpm === this.rpm.limit && limits.tpm === this.tpm.limit) return;
    const now = this.now();
    this.rpm.setLimit(limits.rpm, now);
    this.tpm.setLimit(limits.tpm, now);
    this.schedule();
  }

  /** Takes capacity if it is there right now and nobody is waiting ahead. */
  tryTake(cost: AttemptCost): boolean {
    if (this.waiters.length > 0) return false;
    return this.takeNow(cost);
  }

  /** How long a request arriving now would wait for capacity. */
  msUntilAvailable(cost: AttemptCost): number {
    const now = this.now();
    const aheadTokens = this.waiters.reduce((sum, w) => sum + w.cost.tokens, 0);
    return Math.max(
      this.pausedUntil - now,
      this.rpm.msUntil(1, now, this.waiters.length),
      this.tpm.msUntil(cost.tokens, now, aheadTokens),
      0,
    );
  }

  /** Waits (at most `maxWaitMs`) for capacity, in arrival order. */
  take(cost: AttemptCost, maxWaitMs: number, signal?: AbortSignal): Promise<Admission> {
    if (this.tryTake(cost)) return Promise.resolve({ ok: true, waitedMs: 0 });
    const estimate = this.msUntilAvailable(cost);
    if (this.waiters.length >= this.settings.maxQueue) return Promise.resolve({ ok: false, reason: 'queue_full', retryAfterMs: estimate });
    if (estimate > maxWaitMs) return Promise.resolve({ ok: false, reason: 'wait_too_long', retryAfterMs: estimate });
    return new Promise((resolve) => {
      const enqueuedAt = this.now();
      const waiter: Waiter = {
        cost,
        enqueuedAt,
        giveUpAt: enqueuedAt + maxWaitMs,
        finish: (admission) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(admission);
        },
      };
      const onAbort = (): void => {
        const index = this.waiters.indexOf(waiter);
        if (index < 0) return;
        this.waiters.splice(index, 1);
        waiter.finish({ ok: false, reason: 'cancelled', retryAfterMs: 0 });
        this.schedule();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
      this.schedule();
    });
  }

  /** Gives back what an attempt took when it never reached the provider. */
  refund(cost: AttemptCost): void {
    const now = this.now();
    this.rpm.adjust(1, now);
    this.tpm.adjust(cost.tokens, now);
    this.schedule();
  }

  /** Corrects the token bucket once the real usage is known. */
  settle(estimatedTokens: number, actualTokens: number): void {
    if (actualTokens <= 0) return;
    this.tpm.adjust(estimatedTokens - actualTokens, this.now());
  }

  /** What the provider said about its limits on an answer (or a 429). */
  observe(rateLimit: RateLimitInfo | undefined, rateLimited: boolean, retryAfterMs = 0): void {
    const now = this.now();
    if (rateLimited) {
      const wait =
        retryAfterMs ||
        rateLimit?.retryAfterMs ||
        Math.max(rateLimit?.resetRequestsMs ?? 0, rateLimit?.resetTokensMs ?? 0) ||
        this.settings.defaultPauseMs;
      this.pauseFor(wait, now);
      return;
    }
    if (!rateLimit?.present) return;
    if (rateLimit.remainingRequests === 0) {
      this.rpm.drain(now);
      this.pauseFor(rateLimit.resetRequestsMs || this.settings.defaultPauseMs, now);
    }
    if (rateLimit.remainingTokens === 0) {
      this.tpm.drain(now);
      this.pauseFor(rateLimit.resetTokensMs || this.settings.defaultPauseMs, now);
    }
  }

  /** Refuses everyone still waiting (shutdown or the deployment was removed). */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const w of this.waiters.splice(0)) w.finish({ ok: false, reason: 'cancelled', retryAfterMs: 0 });
  }

  private pauseFor(ms: number, now: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, now + Math.min(ms, MAX_PAUSE_MS));
    this.schedule();
  }

  private takeNow(cost: AttemptCost): boolean {
    const now = this.now();
    if (now < this.pausedUntil) return false;
    if (this.rpm.available(now) < 1 || this.tpm.msUntil(cost.tokens, now) > 0) return false;
    this.rpm.tryTake(1, now);
    this.tpm.tryTake(cost.tokens, now);
    return true;
  }

  /** Admits waiters whose turn has come, drops those out of patience, and sleeps until the next change. */
  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    let now = this.now();
    for (;;) {
      const head = this.waiters[0];
      if (!head || !this.takeNow(head.cost)) break;
      this.waiters.shift();
      head.finish({ ok: true, waitedMs: now - head.enqueuedAt });
      now = this.now();
    }
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const w = this.waiters[i]!;
      if (w.giveUpAt > now) continue;
      this.waiters.splice(i, 1);
      w.finish({ ok: false, reason: 'wait_too_long', retryAfterMs: this.msUntilAvailable(w.cost) });
    }
    const head = this.waiters[0];
    if (!head) return;
    const headReady = Math.max(this.pausedUntil - now, this.rpm.msUntil(1, now), this.tpm.msUntil(head.cost.tokens, now), 1);
    const nextGiveUp = Math.min(...this.waiters.map((w) => w.giveUpAt - now));
    this.timer = setTimeout(() => this.schedule(), Math.max(1, Math.min(headReady, nextGiveUp)));
    this.timer.unref?.();
  }
}
