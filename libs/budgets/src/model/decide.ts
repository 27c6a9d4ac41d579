import { BudgetMetric, DecisionAction, QuotaDecision } from '@switchyard/contracts';
import type { Budget, QuotaScope } from '@switchyard/contracts';
import { metricName } from './measure';
import { scopeKey } from './scope';
import type { WindowSpan } from './windows';

/** Stable id of the decision about one budget and scope instance. */
export function decisionId(budgetId: string, scope: QuotaScope): string {
  return `${budgetId}|${scopeKey(scope)}`;
}

/**
 * The decision for a counter: the budget's action once the limit is reached
 * (used >= limit), ALLOW before. The reason says which budget, how much of
 * what was used, and until when.
 */
export function decide(budget: Budget, scope: QuotaScope, window: WindowSpan, used: number, nowMs: number): QuotaDecision {
  const over = budget.limit > 0 && used >= budget.limit;
  const action = over ? effectiveAction(budget) : DecisionAction.DECISION_ACTION_ALLOW;
  return QuotaDecision.fromPartial({
    decisionId: decisionId(budget.id, scope),
    scope,
    action,
    reason: over ? reasonText(budget, window, used) : '',
    downgradeTo: action === DecisionAction.DECISION_ACTION_DOWNGRADE ? budget.downgradeTo : '',
    throttleRpm: action === DecisionAction.DECISION_ACTION_THROTTLE ? budget.throttleRpm : 0,
    budgetId: budget.id,
    issuedAtMs: nowMs,
    expiresAtMs: over ? window.endMs : 0,
    window: window.key,
    used,
    limit: budget.limit,
  });
}

/** ALLOW budgets only alert; everything else acts at 100%. */
function effectiveAction(budget: Budget): DecisionAction {
  switch (budget.action) {
    case DecisionAction.DECISION_ACTION_BLOCK:
    case DecisionAction.DECISION_ACTION_DOWNGRADE:
    case DecisionAction.DECISION_ACTION_THROTTLE:
      return budget.action;
    default:
      return DecisionAction.DECISION_ACTION_ALLOW;
  }
}

export function reasonText(budget: Budget, window: WindowSpan, used: number): string {
  const amount = (n: number) =>
    budget.metric === BudgetMetric.BUDGET_METRIC_COST_MICRO_USD ? formatUsd(n) : `${n} ${metricName(budget.metric)}`;
  const until = new Date(window.endMs).toISOString();
  return `Budget '${budget.id}' is used up: ${amount(used)} of ${amount(budget.limit)} in ${window.key} (resets ${until}).`;
}

export function formatUsd(microUsd: number): string {
  return `$${(microUsd / 1_000_000).toFixed(microUsd % 10_000 === 0 ? 2 : 6)}`;
}

/** A hard money budget: routers reserve spend against grants for it. */
export function isHardMoneyBudget(budget: Budget): boolean {
  return (
    budget.enabled && budget.metric === BudgetMetric.BUDGET_METRIC_COST_MICRO_USD && budget.action === DecisionAction.DECISION_ACTION_BLOCK
  );
}

/** BLOCK beats DOWNGRADE beats THROTTLE beats ALLOW when several budgets apply. */
export function severity(action: DecisionAction): number {
  switch (action) {
    case DecisionAction.DECISION_ACTION_BLOCK:
      return 3;
    case DecisionAction.DECISION_ACTION_DOWNGRADE:
      return 2;
    case DecisionAction.DECISION_ACTION_THROTTLE:
      return 1;
    default:
      return 0;
  }
}
