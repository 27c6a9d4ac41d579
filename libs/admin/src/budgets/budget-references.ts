import { ScopeKind } from '@switchyard/contracts';
import type { Budget } from '@switchyard/contracts';
import type { ConfigState } from '@switchyard/control-plane';
import { unknownReference } from '../http/admin-errors';

/** A key or feature budget counts only the tenant's own key or declared feature: anything else would never be enforced. */
export function checkScopeReferences(state: ConfigState, budget: Budget): void {
  if (budget.scope === ScopeKind.SCOPE_KIND_API_KEY && state.apiKeys.get(budget.apiKeyId)?.tenantId !== budget.tenantId)
    throw unknownReference('api_key_id', 'API key', budget.apiKeyId, `is not a key of tenant '${budget.tenantId}'`);
  if (budget.scope === ScopeKind.SCOPE_KIND_FEATURE && !state.feature(budget.tenantId, budget.feature))
    throw unknownReference('feature', 'feature', budget.feature, `is not a feature of tenant '${budget.tenantId}' (declare it first)`);
}
