import { ApiKey, Budget, Tenant } from '@switchyard/contracts';
import { ConfigState } from '@switchyard/control-plane';
import { budgetSource } from './budget-source';

describe('budgetSource', () => {
  it('reads enabled budgets and which tenants can carry a plan', () => {
    const state = new ConfigState();
    state.apply({ entity: { $case: 'tenant', tenant: Tenant.fromPartial({ id: 't1', planId: 'free' }) }, deleted: false });
    state.apply({ entity: { $case: 'tenant', tenant: Tenant.fromPartial({ id: 't2', planId: 'pro' }) }, deleted: false });
    state.apply({
      entity: { $case: 'apiKey', apiKey: ApiKey.fromPartial({ id: 'k', tenantId: 't2', prefix: 'p', planId: 'free' }) },
      deleted: false,
    });
    state.apply({ entity: { $case: 'budget', budget: Budget.fromPartial({ id: 'on', enabled: true }) }, deleted: false });
    state.apply({ entity: { $case: 'budget', budget: Budget.fromPartial({ id: 'off', enabled: false }) }, deleted: false });
    const source = budgetSource(state);
    expect(source.enabledBudgets().map((b) => b.id)).toEqual(['on']);
    expect(source.tenantsOnPlan('free')).toEqual(['t1', 't2']);
    expect(source.tenantsOnPlan('pro')).toEqual(['t2']);
    state.apply({ entity: { $case: 'budget', budget: Budget.fromPartial({ id: 'on' }) }, deleted: true });
    expect(source.enabledBudgets()).toEqual([]);
  });
});
