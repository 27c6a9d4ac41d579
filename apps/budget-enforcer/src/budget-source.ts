import type { Budget } from '@switchyard/contracts';
import type { ConfigState } from '@switchyard/control-plane';
import type { BudgetSource } from '@switchyard/budgets';

/** The budgets and plan memberships of the config log, as the engine reads them. */
export function budgetSource(config: ConfigState): BudgetSource {
  return {
    enabledBudgets: (): Budget[] => [...config.budgets.values()].filter((b) => b.enabled),
    tenantsOnPlan: (planId: string): string[] => {
      const tenants = new Set<string>();
      for (const t of config.tenants.values()) if (t.planId === planId) tenants.add(t.id);
      for (const k of config.apiKeys.values()) if (k.planId === planId) tenants.add(k.tenantId);
      return [...tenants].sort();
    },
  };
}
