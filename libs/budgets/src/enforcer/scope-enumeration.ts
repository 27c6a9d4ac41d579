import { ScopeKind } from '@switchyard/contracts';
import type { Budget, QuotaScope } from '@switchyard/contracts';
import { scope } from '../model/scope';

/** The configuration the engine needs, read from the config log by the app. */
export interface BudgetSource {
  /** Enabled budgets. */
  enabledBudgets(): readonly Budget[];
  /** Tenants whose traffic may carry this plan (tenant plan or a key narrowed to it). */
  tenantsOnPlan(planId: string): readonly string[];
}

/** The scope instances a budget has now, so their counters (and grants) exist before the first request. */
export function enumerateScopes(budget: Budget, source: BudgetSource): QuotaScope[] {
  switch (budget.scope) {
    case ScopeKind.SCOPE_KIND_TENANT:
      return [scope(ScopeKind.SCOPE_KIND_TENANT, budget.tenantId)];
    case ScopeKind.SCOPE_KIND_FEATURE:
      return [scope(ScopeKind.SCOPE_KIND_FEATURE, budget.tenantId, { feature: budget.feature })];
    case ScopeKind.SCOPE_KIND_API_KEY:
      return [scope(ScopeKind.SCOPE_KIND_API_KEY, budget.tenantId, { apiKeyId: budget.apiKeyId })];
    case ScopeKind.SCOPE_KIND_PLAN: {
      const tenants = budget.tenantId ? [budget.tenantId] : source.tenantsOnPlan(budget.planId);
      return tenants.map((t) => scope(ScopeKind.SCOPE_KIND_PLAN, t, { planId: budget.planId }));
    }
    default:
      return [];
  }
}
