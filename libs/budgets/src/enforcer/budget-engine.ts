import { DecisionAction, QuotaDecisionBatch, SpendGrant } from '@switchyard/contracts';
import type { Budget, BudgetCounter, HeldGrant, QuotaDecision, QuotaScope, UsageEvent } from '@switchyard/contracts';
import { decide, isHardMoneyBudget } from '../model/decide';
import { measureFor, measuresOf } from '../model/measure';
import { RecentIds } from '../model/recent-ids';
import { scopeFor, scopeKey } from '../model/scope';
import { crossedThresholds } from '../model/thresholds';
import { replayStartMs, windowAt, WindowSpan } from '../model/windows';
import { Counter, counterView, crossing, isCurrent, ThresholdCrossing, topUpGrants } from './counter';
import { enumerateScopes, BudgetSource } from './scope-enumeration';
import type { EngineChanges, EngineOptions, HolderChanges } from './engine-changes';

interface HolderState {
  live: boolean;
  leftAtMs: number;
}

/**
 * The budget-enforcer's state, rebuilt from usage events: counters per
 * budget, scope instance and window; threshold crossings; decisions; and the
 * spend credit handed to each router replica for hard money budgets. Pure and
 * synchronous: Kafka, gRPC and webhooks live in the app.
 */
export class BudgetEngine {
  private readonly counters = new Map<string, Counter>();
  private readonly seen: RecentIds;
  private readonly settledReservations: RecentIds;
  private readonly holders = new Map<string, HolderState>();
  private readonly decisions = new Map<string, QuotaDecision>();
  private dirtyDecisions = new Map<string, QuotaDecision>();
  private dirtyGrants = new Map<string, Set<string>>();
  private settledIds = new Map<string, string[]>();
  private dropped = new Map<string, string[]>();
  private crossings: ThresholdCrossing[] = [];
  private replicaCountChanged = false;
  eventsCounted = 0;

  constructor(
    private readonly source: BudgetSource,
    private readonly options: EngineOptions,
  ) {
    this.seen = new RecentIds(options.dedupeCapacity);
    this.settledReservations = new RecentIds(options.dedupeCapacity);
  }

  /** Counts one usage event (one attempt) priced at `costMicroUsd`; false for a duplicate. */
  record(event: UsageEvent, costMicroUsd: number, nowMs: number): boolean {
    const id = event.meta?.eventId ?? '';
    if (!id || !this.seen.add(id)) return false;
    const context = event.context;
    const at = event.meta?.occurredAtMs ?? nowMs;
    const holder = event.attempt?.quotaHolder ?? '';
    const measures = measuresOf(event, costMicroUsd);
    if (context && at >= replayStartMs(nowMs)) {
      for (const budget of this.source.enabledBudgets()) {
        const scope = scopeFor(budget, context);
        // A budget counts usage from its creation on, so a replay rebuilds exactly what was counted live.
        if (!scope || at < budget.createdAtMs) continue;
        const counter = this.counterFor(budget, scope, windowAt(budget.window, at));
        const before = counter.used;
        counter.used += measureFor(budget.metric, measures);
        for (const threshold of crossedThresholds(before, counter.used, budget.limit, budget.alertThresholdsPercent)) {
          if (counter.crossed.has(threshold)) continue;
          counter.crossed.add(threshold);
          this.crossings.push(crossing(counter, threshold, at));
        }
        if (holder && isHardMoneyBudget(budget)) {
          let share = counter.holders.get(holder);
          if (!share) counter.holders.set(holder, (share = { granted: 0, settled: 0 }));
          share.settled += costMicroUsd;
          this.markGrant(holder, counter.key);
        }
        if (isHardMoneyBudget(budget) && isCurrent(counter.window, nowMs)) {
          for (const h of topUpGrants(counter, this.liveHolders())) this.markGrant(h, counter.key);
        }
        this.reevaluate(counter, nowMs);
      }
    }
    if (holder && event.attempt?.attemptId) {
      this.settledReservations.add(event.attempt.attemptId);
      this.push(this.settledIds, holder, event.attempt.attemptId);
    }
    this.eventsCounted += 1;
    return true;
  }

  /** A router replica subscribed: adopt the credit it already holds, top it up, and answer with a snapshot. */
  subscribe(holderId: string, held: readonly HeldGrant[], openReservations: readonly string[], nowMs: number): QuotaDecisionBatch {
    const wasLive = this.holders.get(holderId)?.live ?? false;
    this.holders.set(holderId, { live: true, leftAtMs: 0 });
    if (!wasLive) this.replicaCountChanged = true;
    this.refresh(nowMs);
    for (const grant of held) {
      const counter = this.counters.get(grant.grantKey);
      if (!counter || !isCurrent(counter.window, nowMs)) continue;
      let share = counter.holders.get(holderId);
      if (!share) counter.holders.set(holderId, (share = { granted: 0, settled: 0 }));
      share.granted = Math.max(share.granted, grant.grantedMicroUsd);
    }
    this.topUpAll(nowMs);
    this.dirtyGrants.delete(holderId);
    this.settledIds.delete(holderId);
    this.dropped.delete(holderId);
    const grants = [...this.counters.values()]
      .filter((c) => c.holders.has(holderId) && isCurrent(c.window, nowMs))
      .map((c) => this.grantOf(c, holderId));
    return QuotaDecisionBatch.fromPartial({
      snapshot: true,
      decisions: [...this.decisions.values()],
      grants,
      settledAttemptIds: openReservations.filter((id) => this.settledReservations.has(id)),
      replicaCount: this.replicaCount(),
    });
  }

  unsubscribe(holderId: string, nowMs: number): void {
    const state = this.holders.get(holderId);
    if (!state?.live) return;
    state.live = false;
    state.leftAtMs = nowMs;
    this.replicaCountChanged = true;
    this.topUpAll(nowMs);
  }

  replicaCount(): number {
    let n = 0;
    for (const h of this.holders.values()) if (h.live) n += 1;
    return n;
  }

  /**
   * Applies configuration changes and the passing of time: counters for every
   * scope of every hard budget in the current window (so grants exist before
   * traffic), decisions re-evaluated against current limits, ended windows
   * closed, credit of replicas gone longer than the grace released.
   */
  refresh(nowMs: number): void {
    // Budget ids are unique per owner (a tenant, or '' for plan budgets), as in ConfigState.
    const budgets = new Map(this.source.enabledBudgets().map((b) => [`${b.tenantId}/${b.id}`, b]));
    for (const budget of budgets.values()) {
      if (!isHardMoneyBudget(budget)) continue;
      for (const scope of enumerateScopes(budget, this.source)) this.counterFor(budget, scope, windowAt(budget.window, nowMs));
    }
    for (const counter of [...this.counters.values()]) {
      const budget = budgets.get(`${counter.budget.tenantId}/${counter.budget.id}`);
      if (!budget || counter.window.endMs + 3_600_000 < nowMs) {
        this.close(counter, nowMs, budget === undefined);
        continue;
      }
      counter.budget = budget;
      if (counter.window.endMs <= nowMs) {
        this.dropGrants(counter);
        // The decision of an ended window is lifted by the current window's (empty) counter.
        const current = windowAt(budget.window, nowMs);
        if (this.decisions.get(counter.decision?.decisionId ?? '')?.window === counter.window.key) {
          this.reevaluate(this.counterFor(budget, counter.scope, current), nowMs);
        }
        continue;
      }
      this.reevaluate(counter, nowMs);
    }
    for (const [holderId, state] of this.holders) {
      if (state.live || nowMs - state.leftAtMs < this.options.holderGraceMs) continue;
      this.holders.delete(holderId);
      // Its in-flight attempts have had time to settle: what it did not spend is free again.
      for (const counter of this.counters.values()) counter.holders.delete(holderId);
    }
    this.topUpAll(nowMs);
  }

  /** Everything that changed since the last drain, to push to subscribers and alerting. */
  drain(nowMs: number): EngineChanges {
    const holders = new Map<string, HolderChanges>();
    const ids = new Set([...this.dirtyGrants.keys(), ...this.settledIds.keys(), ...this.dropped.keys()]);
    for (const holderId of ids) {
      if (!this.holders.get(holderId)?.live) continue;
      const grants = [...(this.dirtyGrants.get(holderId) ?? [])]
        .map((key) => this.counters.get(key))
        .filter((c): c is Counter => c !== undefined && isCurrent(c.window, nowMs))
        .map((c) => this.grantOf(c, holderId));
      holders.set(holderId, {
        grants,
        settledAttemptIds: this.settledIds.get(holderId) ?? [],
        droppedGrantKeys: this.dropped.get(holderId) ?? [],
      });
    }
    const changes: EngineChanges = {
      decisions: [...this.dirtyDecisions.values()],
      holders,
      crossings: this.crossings,
      replicaCountChanged: this.replicaCountChanged,
    };
    this.dirtyDecisions = new Map();
    this.dirtyGrants = new Map();
    this.settledIds = new Map();
    this.dropped = new Map();
    this.crossings = [];
    this.replicaCountChanged = false;
    return changes;
  }

  currentDecisions(): QuotaDecision[] {
    return [...this.decisions.values()];
  }

  /** Counters of windows open now (optionally one tenant's), in a stable order. */
  snapshotCounters(nowMs: number, tenantId = ''): BudgetCounter[] {
    return [...this.counters.values()]
      .filter((c) => isCurrent(c.window, nowMs) && (tenantId === '' || c.scope.tenantId === tenantId))
      .sort((a, b) => a.key.localeCompare(b.key))
      .map(counterView);
  }

  private counterFor(budget: Budget, scope: QuotaScope, window: WindowSpan): Counter {
    const key = `${budget.id}|${scopeKey(scope)}|${window.key}`;
    let counter = this.counters.get(key);
    if (!counter) {
      counter = { key, budget, scope, window, used: 0, crossed: new Set(), holders: new Map(), decision: undefined };
      this.counters.set(key, counter);
    }
    return counter;
  }

  private reevaluate(counter: Counter, nowMs: number): void {
    // Only the window open now decides; late events for an ended window only count.
    if (!isCurrent(counter.window, nowMs)) return;
    const next = decide(counter.budget, counter.scope, counter.window, counter.used, nowMs);
    const previous = this.decisions.get(next.decisionId);
    counter.decision = next;
    const changed = previous
      ? previous.action !== next.action ||
        previous.downgradeTo !== next.downgradeTo ||
        previous.throttleRpm !== next.throttleRpm ||
        previous.window !== next.window
      : next.action !== DecisionAction.DECISION_ACTION_ALLOW;
    if (!changed) return;
    if (next.action === DecisionAction.DECISION_ACTION_ALLOW) this.decisions.delete(next.decisionId);
    else this.decisions.set(next.decisionId, next);
    this.dirtyDecisions.set(next.decisionId, next);
  }

  private liveHolders(): string[] {
    return [...this.holders].filter(([, s]) => s.live).map(([id]) => id);
  }

  private topUpAll(nowMs: number): void {
    const live = this.liveHolders();
    for (const counter of this.counters.values()) {
      if (!isHardMoneyBudget(counter.budget) || !isCurrent(counter.window, nowMs)) continue;
      for (const holder of topUpGrants(counter, live)) this.markGrant(holder, counter.key);
    }
  }

  private close(counter: Counter, nowMs: number, budgetGone: boolean): void {
    this.dropGrants(counter);
    const id = counter.decision?.decisionId;
    const current = id ? this.decisions.get(id) : undefined;
    if (id && current && (budgetGone || current.window === counter.window.key)) {
      this.decisions.delete(id);
      this.dirtyDecisions.set(id, {
        ...current,
        action: DecisionAction.DECISION_ACTION_ALLOW,
        reason: '',
        issuedAtMs: nowMs,
        expiresAtMs: 0,
      });
    }
    this.counters.delete(counter.key);
  }

  private dropGrants(counter: Counter): void {
    for (const holder of counter.holders.keys()) this.push(this.dropped, holder, counter.key);
    counter.holders.clear();
  }

  private grantOf(counter: Counter, holderId: string): SpendGrant {
    const share = counter.holders.get(holderId) ?? { granted: 0, settled: 0 };
    return SpendGrant.fromPartial({
      grantKey: counter.key,
      budgetId: counter.budget.id,
      scope: counter.scope,
      window: counter.window.key,
      grantedMicroUsd: share.granted,
      settledMicroUsd: share.settled,
      expiresAtMs: counter.window.endMs,
    });
  }

  private markGrant(holder: string, key: string): void {
    let set = this.dirtyGrants.get(holder);
    if (!set) this.dirtyGrants.set(holder, (set = new Set()));
    set.add(key);
  }

  private push(map: Map<string, string[]>, key: string, value: string): void {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  }
}
