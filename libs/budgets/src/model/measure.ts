import { BudgetMetric } from '@switchyard/contracts';
import type { UsageEvent } from '@switchyard/contracts';

/** What one usage event (one attempt) adds to each kind of counter. */
export interface UsageMeasures {
  readonly costMicroUsd: number;
  /** 1 for the first attempt of a client request, 0 for fallbacks and shadow calls. */
  readonly requests: number;
  readonly tokens: number;
}

export function measuresOf(event: UsageEvent, costMicroUsd: number): UsageMeasures {
  const attempt = event.attempt;
  const isRequest = (attempt?.number ?? 1) <= 1 && !(attempt?.shadow ?? false);
  return {
    costMicroUsd,
    requests: isRequest ? 1 : 0,
    tokens: (event.usage?.inputTokens ?? 0) + (event.usage?.outputTokens ?? 0),
  };
}

export function measureFor(metric: BudgetMetric, m: UsageMeasures): number {
  switch (metric) {
    case BudgetMetric.BUDGET_METRIC_COST_MICRO_USD:
      return m.costMicroUsd;
    case BudgetMetric.BUDGET_METRIC_REQUESTS:
      return m.requests;
    case BudgetMetric.BUDGET_METRIC_TOKENS:
      return m.tokens;
    default:
      return 0;
  }
}

export function metricName(metric: BudgetMetric): string {
  switch (metric) {
    case BudgetMetric.BUDGET_METRIC_COST_MICRO_USD:
      return 'cost_micro_usd';
    case BudgetMetric.BUDGET_METRIC_REQUESTS:
      return 'requests';
    case BudgetMetric.BUDGET_METRIC_TOKENS:
      return 'tokens';
    default:
      return 'unknown';
  }
}
