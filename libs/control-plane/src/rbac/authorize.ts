import { Role } from '@switchyard/contracts';
import { isTenantPermission, isTenantRole, Permission, ROLE_PERMISSIONS, TenantRole } from './roles';

/** Who is calling the admin API, resolved from their credential and role bindings. */
export interface AdminPrincipal {
  /** "user" for admin tokens, "operator" for the bootstrap credential. */
  readonly kind: 'user' | 'operator';
  readonly id: string;
  /** The tenant the user belongs to; empty for platform staff. */
  readonly homeTenantId: string;
  readonly platformOperator: boolean;
  readonly tenantRoles: ReadonlyMap<string, TenantRole>;
}

export type Decision = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

const ALLOW: Decision = { allowed: true };

/**
 * The RBAC decision. Tenant permissions need a role in exactly the tenant the
 * route names (there is no inheritance across tenants); the platform operator
 * may do everything. Decided before any lookup, so a refusal never reveals
 * whether the other tenant's object exists.
 */
export function authorize(principal: AdminPrincipal, permission: Permission, tenantId: string | undefined): Decision {
  if (principal.platformOperator) return ALLOW;
  if (permission === 'authenticated') return ALLOW;
  if (!isTenantPermission(permission)) return { allowed: false, reason: 'This operation is reserved to the platform operator.' };
  if (tenantId === undefined) return { allowed: false, reason: 'This operation needs a tenant.' };
  const role = principal.tenantRoles.get(tenantId);
  if (role === undefined) return { allowed: false, reason: `You have no role in the tenant '${tenantId}'.` };
  if (!ROLE_PERMISSIONS[role].includes(permission))
    return { allowed: false, reason: `The ${role.replace(/^ROLE_/, '').toLowerCase()} role may not do this (${permission}).` };
  return ALLOW;
}

/**
 * Who may hand out (or take away) a role: owners anything in their tenant,
 * admins anything below owner; the platform-operator role only the operator.
 */
export function mayGrant(principal: AdminPrincipal, tenantId: string, role: Role): Decision {
  if (principal.platformOperator) return ALLOW;
  if (!isTenantRole(role)) return { allowed: false, reason: 'Only the platform operator grants platform roles.' };
  const mine = principal.tenantRoles.get(tenantId);
  if (mine === Role.ROLE_OWNER) return ALLOW;
  if (mine === Role.ROLE_ADMIN && role !== Role.ROLE_OWNER) return ALLOW;
  return { allowed: false, reason: 'Only an owner may grant or remove the owner role.' };
}
