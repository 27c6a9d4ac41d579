import { DecisionAction } from '@switchyard/contracts';
import type { Budget, BudgetCounter, QuotaDecision, QuotaScope } from '@switchyard/contracts';
import { metricName } from '../model/measure';
import type { WindowSpan } from '../model/windows';

/** One holder's (router replica's) credit and counted spend in a hard money counter. */
export interface HolderShare {
  /** Cumulative credit handed out in the window; only grows. */
  granted: number;
  /** Spend of attempts this holder reserved for, as counted from usage events. */
  settled: number;
}

/** What one budget has counted for one scope instance in one window. */
export interface Counter {
  readonly key: string;
  budget: Budget;
  readonly scope: QuotaScope;
  readonly window: WindowSpan;
  used: number;
  readonly crossed: Set<number>;
  readonly holders: Map<string, HolderShare>;
  decision: QuotaDecision | undefined;
}

export function outstanding(share: HolderShare): number {
  return Math.max(0, share.granted - share.settled);
}

/**
 * Hands out credit for a hard money counter so that, at every grant,
 * used + all outstanding credit <= limit. Each live holder is topped up to a
 * target of a quarter of its fair share of the headroom (so no replica hoards
 * what others need) and at least 1 micro-USD while headroom remains (so the
 * limit is reached, not approached forever). Returns holders whose grant grew.
 */
export function topUpGrants(counter: Counter, liveHolders: readonly string[]): string[] {
  const headroom = counter.budget.limit - counter.used;
  if (headroom <= 0 || liveHolders.length === 0) return [];
  // Every live replica gets an entry, even without credit yet: with a grant of 0 it admits
  // nothing for this scope, where without an entry it would not reserve at all.
  for (const holder of liveHolders) if (!counter.holders.has(holder)) counter.holders.set(holder, { granted: 0, settled: 0 });
  let free = headroom;
  for (const share of counter.holders.values()) free -= outstanding(share);
  if (free <= 0) return [];
  const target = Math.max(1, Math.ceil(headroom / (4 * liveHolders.length)));
  const changed: string[] = [];
  const ordered = [...liveHolders].sort((a, b) => outstandingOf(counter, a) - outstandingOf(counter, b) || a.localeCompare(b));
  for (const holder of ordered) {
    if (free <= 0) break;
    let share = counter.holders.get(holder);
    if (!share) counter.holders.set(holder, (share = { granted: 0, settled: 0 }));
    // Overspent credit is already in `used`; restart this holder's credit from what it spent.
    if (share.granted < share.settled) share.granted = share.settled;
    const give = Math.min(Math.max(0, target - outstanding(share)), free);
    if (give > 0) {
      share.granted += give;
      free -= give;
      changed.push(holder);
    }
  }
  return changed;
}

function outstandingOf(counter: Counter, holder: string): number {
  const share = counter.holders.get(holder);
  return share ? outstanding(share) : 0;
}

export interface ThresholdCrossing {
  /** "<budget id>|<scope key>|<window>|<threshold>": once per threshold and window. */
  readonly alertId: string;
  readonly budget: Budget;
  readonly scope: QuotaScope;
  readonly window: string;
  readonly thresholdPercent: number;
  readonly used: number;
  readonly limit: number;
  readonly crossedAtMs: number;
  readonly metric: string;
}

export function isCurrent(window: WindowSpan, nowMs: number): boolean {
  return window.startMs <= nowMs && nowMs < window.endMs;
}

export function crossing(counter: Counter, threshold: number, atMs: number): ThresholdCrossing {
  return {
    alertId: `${counter.key}|${threshold}`,
    budget: counter.budget,
    scope: counter.scope,
    window: counter.window.key,
    thresholdPercent: threshold,
    used: counter.used,
    limit: counter.budget.limit,
    crossedAtMs: atMs,
    metric: metricName(counter.budget.metric),
  };
}

export function counterView(c: Counter): BudgetCounter {
  return {
    budgetId: c.budget.id,
    scope: c.scope,
    window: c.window.key,
    metric: metricName(c.budget.metric),
    used: c.used,
    limit: c.budget.limit,
    action: c.decision?.action ?? DecisionAction.DECISION_ACTION_ALLOW,
    thresholdsCrossed: [...c.crossed].sort((a, b) => a - b),
  };
}
