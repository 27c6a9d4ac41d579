import { DecisionAction } from '@switchyard/contracts';
import type { HeldGrant, QuotaDecision, QuotaDecisionBatch, RequestContext, SpendGrant } from '@switchyard/contracts';
import { severity } from '../model/decide';
import { scopeKey, scopeKeysOf } from '../model/scope';
import { ThrottleBucket } from './throttle-bucket';

export type QuotaVerdict =
  | { readonly kind: 'allow' }
  | { readonly kind: 'block'; readonly decision: QuotaDecision }
  | { readonly kind: 'downgrade'; readonly to: string; readonly decision: QuotaDecision }
  | { readonly kind: 'throttled'; readonly decision: QuotaDecision; readonly retryAfterMs: number };

export type ReserveResult =
  | { readonly ok: true; readonly reserved: boolean }
  /** `settling`: this replica's own open reservations hold the grant's credit; their settlement will free it. */
  | { readonly ok: false; readonly grant: SpendGrant; readonly settling: boolean };

type Estimate = number | ((budgetIds: string[]) => number);

type Context = Pick<RequestContext, 'tenantId' | 'feature' | 'planId' | 'apiKeyId'>;

interface GrantState {
  grant: SpendGrant;
  readonly scopeKey: string;
  reserved: number;
}

interface Reservation {
  readonly estimate: number;
  readonly grantKeys: readonly string[];
  endedAtMs: number;
}

/**
 * A router replica's view of the budget-enforcer's stream: decisions per
 * scope, and for hard money budgets its spend grants with the reservations it
 * holds against them. An attempt is admitted only while every matching grant
 * has credit left (granted - settled - reserved > 0); it then reserves its
 * estimate, which the enforcer settles when the attempt's usage event is counted.
 */
export class QuotaBook {
  private readonly decisions = new Map<string, QuotaDecision>();
  /** Decision ids and grant keys per scope key: a request looks up only its own (at most 4) scopes. */
  private readonly decisionsByScope = new Map<string, Set<string>>();
  private readonly grantsByScope = new Map<string, Set<string>>();
  private readonly grants = new Map<string, GrantState>();
  private readonly reservations = new Map<string, Reservation>();
  private readonly buckets = new Map<string, ThrottleBucket>();
  private replicas = 1;
  private snapshots = 0;
  private batchWaiters: (() => void)[] = [];

  get replicaCount(): number {
    return this.replicas;
  }

  get hasSnapshot(): boolean {
    return this.snapshots > 0;
  }

  apply(batch: QuotaDecisionBatch): void {
    if (batch.snapshot) {
      this.snapshots += 1;
      this.decisions.clear();
      this.decisionsByScope.clear();
      this.grants.clear();
      this.grantsByScope.clear();
      this.buckets.clear();
    }
    if (batch.replicaCount > 0) this.replicas = batch.replicaCount;
    for (const d of batch.decisions) {
      const key = d.scope ? scopeKey(d.scope) : '';
      if (d.action === DecisionAction.DECISION_ACTION_ALLOW) {
        this.decisions.delete(d.decisionId);
        this.buckets.delete(d.decisionId);
        unindex(this.decisionsByScope, key, d.decisionId);
      } else {
        this.decisions.set(d.decisionId, d);
        index(this.decisionsByScope, key, d.decisionId);
      }
    }
    for (const key of batch.droppedGrantKeys) {
      const state = this.grants.get(key);
      if (!state) continue;
      this.grants.delete(key);
      unindex(this.grantsByScope, state.scopeKey, key);
    }
    for (const grant of batch.grants) {
      const state = this.grants.get(grant.grantKey);
      if (state) {
        state.grant = grant;
      } else {
        const key = grant.scope ? scopeKey(grant.scope) : '';
        this.grants.set(grant.grantKey, { grant, scopeKey: key, reserved: 0 });
        index(this.grantsByScope, key, grant.grantKey);
      }
    }
    for (const id of batch.settledAttemptIds) this.release(id);
    if (batch.snapshot) this.recomputeReserved();
    const waiters = this.batchWaiters;
    this.batchWaiters = [];
    for (const wake of waiters) wake();
  }

  /** What the decisions say about this request now (throttling takes a token when it lets it through). */
  verdict(context: Context, nowMs: number): QuotaVerdict {
    let worst: QuotaDecision | undefined;
    for (const d of this.lookup(this.decisionsByScope, context, this.decisions)) {
      if (d.expiresAtMs > 0 && d.expiresAtMs <= nowMs) continue;
      if (!worst || severity(d.action) > severity(worst.action) || (d.action === worst.action && d.throttleRpm < worst.throttleRpm))
        worst = d;
    }
    if (!worst) return { kind: 'allow' };
    switch (worst.action) {
      case DecisionAction.DECISION_ACTION_BLOCK:
        return { kind: 'block', decision: worst };
      case DecisionAction.DECISION_ACTION_DOWNGRADE:
        return { kind: 'downgrade', to: worst.downgradeTo, decision: worst };
      case DecisionAction.DECISION_ACTION_THROTTLE: {
        const share = Math.max(1, Math.ceil(worst.throttleRpm / this.replicas));
        let bucket = this.buckets.get(worst.decisionId);
        if (!bucket) this.buckets.set(worst.decisionId, (bucket = new ThrottleBucket(share, nowMs)));
        else bucket.setRate(share);
        const taken = bucket.take(nowMs);
        return taken.ok ? { kind: 'allow' } : { kind: 'throttled', decision: worst, retryAfterMs: taken.retryAfterMs };
      }
      default:
        return { kind: 'allow' };
    }
  }

  /**
   * Reserves an attempt's estimated cost against every open grant of the
   * request's scopes; `estimate` is asked only when a grant applies (it gets
   * the budgets, whose assumed output size it may need).
   */
  reserve(attemptId: string, context: Context, estimate: Estimate, nowMs: number): ReserveResult {
    const matching: GrantState[] = [];
    for (const state of this.lookup(this.grantsByScope, context, this.grants)) {
      if (state.grant.expiresAtMs <= nowMs) continue;
      if (state.grant.grantedMicroUsd - state.grant.settledMicroUsd - state.reserved <= 0)
        return { ok: false, grant: state.grant, settling: state.reserved > 0 };
      matching.push(state);
    }
    if (matching.length === 0) return { ok: true, reserved: false };
    const amount = typeof estimate === 'number' ? estimate : estimate(matching.map((s) => s.grant.budgetId));
    for (const state of matching) state.reserved += amount;
    this.reservations.set(attemptId, { estimate: amount, grantKeys: matching.map((s) => s.grant.grantKey), endedAtMs: 0 });
    return { ok: true, reserved: true };
  }

  /**
   * Like reserve(), but when the credit is held only by this replica's own
   * reservations (typically the previous request's worst-case estimate, whose
   * actual cost is far smaller), waits for the enforcer's next batches, which
   * settle them and top the grant up, for at most `maxWaitMs`. Without this a
   * budget small next to one request's estimate would refuse every other
   * request while its money covers them (the admission rule, and so the
   * overspend bound, are unchanged: only the moment of the check moves).
   */
  async reserveWhenSettled(
    attemptId: string,
    context: Context,
    estimate: Estimate,
    maxWaitMs: number,
    now: () => number = Date.now,
  ): Promise<ReserveResult> {
    const deadline = now() + maxWaitMs;
    for (;;) {
      const result = this.reserve(attemptId, context, estimate, now());
      const leftMs = deadline - now();
      if (result.ok || !result.settling || leftMs <= 0) return result;
      await this.nextBatch(leftMs);
    }
  }

  /** Resolves when the next batch from the enforcer was applied, or after `timeoutMs`. */
  nextBatch(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.batchWaiters = this.batchWaiters.filter((w) => w !== wake);
        resolve();
      }, timeoutMs);
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      this.batchWaiters.push(wake);
    });
  }

  /** The attempt ended here; its reservation stays until the enforcer settles it (or it expires). */
  finish(attemptId: string, nowMs: number): void {
    const r = this.reservations.get(attemptId);
    if (r && r.endedAtMs === 0) r.endedAtMs = nowMs;
  }

  /** Drops reservations whose usage event never came; returns how many. */
  expire(nowMs: number, ttlMs: number): number {
    let n = 0;
    for (const [id, r] of this.reservations) {
      if (r.endedAtMs > 0 && nowMs - r.endedAtMs > ttlMs) {
        this.release(id);
        n += 1;
      }
    }
    return n;
  }

  heldGrants(): HeldGrant[] {
    return [...this.grants.values()].map((s) => ({ grantKey: s.grant.grantKey, grantedMicroUsd: s.grant.grantedMicroUsd }));
  }

  openReservations(): string[] {
    return [...this.reservations.keys()];
  }

  /** Credit left for a grant key (tests and metrics). */
  remaining(grantKey: string): number | undefined {
    const s = this.grants.get(grantKey);
    return s ? s.grant.grantedMicroUsd - s.grant.settledMicroUsd - s.reserved : undefined;
  }

  get reservationCount(): number {
    return this.reservations.size;
  }

  private *lookup<T>(byScope: Map<string, Set<string>>, context: Context, values: Map<string, T>): Generator<T> {
    for (const key of scopeKeysOf(context)) {
      for (const id of byScope.get(key) ?? []) {
        const value = values.get(id);
        if (value !== undefined) yield value;
      }
    }
  }

  private release(attemptId: string): void {
    const r = this.reservations.get(attemptId);
    if (!r) return;
    this.reservations.delete(attemptId);
    for (const key of r.grantKeys) {
      const state = this.grants.get(key);
      if (state) state.reserved = Math.max(0, state.reserved - r.estimate);
    }
  }

  private recomputeReserved(): void {
    for (const state of this.grants.values()) state.reserved = 0;
    for (const r of this.reservations.values()) {
      for (const key of r.grantKeys) {
        const state = this.grants.get(key);
        if (state) state.reserved += r.estimate;
      }
    }
  }
}

function index(map: Map<string, Set<string>>, key: string, id: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(id);
}

function unindex(map: Map<string, Set<string>>, key: string, id: string): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(id);
  if (set.size === 0) map.delete(key);
}
