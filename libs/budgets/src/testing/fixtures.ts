import { Budget, BudgetMetric, BudgetWindow, DecisionAction, ScopeKind, UsageEvent } from '@switchyard/contracts';
import type { BudgetSource } from '../enforcer/scope-enumeration';

let seq = 0;

export function budget(fields: Partial<Budget> = {}): Budget {
  return Budget.fromPartial({
    id: 'b1',
    tenantId: 't1',
    scope: ScopeKind.SCOPE_KIND_TENANT,
    metric: BudgetMetric.BUDGET_METRIC_COST_MICRO_USD,
    window: BudgetWindow.BUDGET_WINDOW_MONTH,
    limit: 10_000,
    action: DecisionAction.DECISION_ACTION_BLOCK,
    alertThresholdsPercent: [50, 80, 100],
    alertWebhookId: 'wh1',
    enabled: true,
    ...fields,
  });
}

export function usage(fields: {
  tenantId?: string;
  feature?: string;
  planId?: string;
  apiKeyId?: string;
  atMs: number;
  holder?: string;
  attemptId?: string;
  number?: number;
  shadow?: boolean;
  input?: number;
  output?: number;
}): UsageEvent {
  seq += 1;
  return UsageEvent.fromPartial({
    meta: { eventId: `ev-${seq}`, occurredAtMs: fields.atMs },
    context: {
      tenantId: fields.tenantId ?? 't1',
      feature: fields.feature ?? '',
      planId: fields.planId ?? 'pro',
      apiKeyId: fields.apiKeyId ?? 'k1',
    },
    attempt: {
      attemptId: fields.attemptId ?? `att-${seq}`,
      number: fields.number ?? 1,
      shadow: fields.shadow ?? false,
      quotaHolder: fields.holder ?? '',
    },
    usage: { inputTokens: fields.input ?? 10, outputTokens: fields.output ?? 20 },
  });
}

export function source(budgets: Budget[], plans: Record<string, string[]> = {}): BudgetSource & { budgets: Budget[] } {
  return {
    budgets,
    enabledBudgets() {
      return this.budgets.filter((b) => b.enabled);
    },
    tenantsOnPlan: (planId) => plans[planId] ?? [],
  };
}

/** 2026-11-25T10:00:00Z */
export const NOW = Date.UTC(2026, 10, 25, 10, 0, 0);
