import type { AdminCall } from './admin-route';
import { requireTenant } from '../tenants/tenant.routes';

/** Resources that exist per tenant and on the platform alike (users, tokens, provider credentials). */
export type Scope = 'tenant' | 'platform';

export const scopePrefix = (scope: Scope) => (scope === 'tenant' ? '/tenants/{tenantId}' : '');

/** The tenant id the call works in: the route's tenant (which must exist), or '' for the platform. */
export function scopeTenantId(call: AdminCall<unknown>, scope: Scope): string {
  return scope === 'tenant' ? requireTenant(call).id : '';
}
