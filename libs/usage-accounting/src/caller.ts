import { ApiError } from '@switchyard/api-errors';
import { authenticateAdmin, authenticateApiKey, authorize, ConfigState, presentedCredential } from '@switchyard/control-plane';
import type { AdminPrincipal } from '@switchyard/control-plane';
import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Who reads usage: a tenant (through one of its API keys), a person with an
 * admin token (their role bindings decide which tenants) or an operator (the
 * operator token, or a platform operator's admin token).
 */
export type Caller =
  | { readonly kind: 'tenant'; readonly tenantId: string; readonly apiKeyId: string }
  | { readonly kind: 'admin'; readonly principal: AdminPrincipal }
  | { readonly kind: 'operator' };

/** What the caller wants to read; admin tokens need the matching permission in the tenant. */
export type SpendPermission = 'usage.read' | 'billing.read';

/**
 * "Bearer <token>": the operator token (a secret in the service's environment),
 * an admin token (the admin API's `sya_…`), or a tenant API key (the same keys
 * that call the gateway). Anything else is a 401.
 */
export function resolveCaller(config: ConfigState, authorization: string | undefined, operatorToken: string, nowMs: number): Caller {
  const presented = presentedCredential(authorization);
  if (!presented)
    throw new ApiError(
      401,
      'invalid_request_error',
      'missing_api_key',
      'Provide a tenant API key, an admin token or the operator token as "Authorization: Bearer <token>".',
    );
  if (operatorToken && sameSecret(presented, operatorToken)) return { kind: 'operator' };
  // No bootstrap credential here: it belongs to ingress's admin API only.
  const admin = authenticateAdmin(config, presented, nowMs, undefined);
  if (admin.ok) return admin.principal.platformOperator ? { kind: 'operator' } : { kind: 'admin', principal: admin.principal };
  if (admin.reason !== 'data_plane_key' && admin.reason !== 'unknown')
    throw new ApiError(401, 'invalid_request_error', 'invalid_admin_token', `The admin token is not usable (${admin.reason}).`);
  const check = authenticateApiKey(config, presented, nowMs);
  if (!check.ok)
    throw new ApiError(
      401,
      'invalid_request_error',
      'invalid_api_key',
      'The token is neither a valid API key, an admin token nor the operator token.',
    );
  return { kind: 'tenant', tenantId: check.tenant.id, apiKeyId: check.key.id };
}

/**
 * The tenant whose rows the caller may read: an API key only ever its own
 * tenant; an admin token a tenant where its role grants `permission` (its home
 * tenant when none is named), refused with the admin API's 403 before any
 * lookup, so another tenant's existence is never revealed; an operator must name one.
 */
export function tenantInScope(caller: Caller, requestedTenantId: string | undefined, permission: SpendPermission): string {
  const requested = requestedTenantId?.trim() ?? '';
  if (caller.kind === 'tenant') {
    if (requested !== '' && requested !== caller.tenantId) {
      throw new ApiError(403, 'permission_error', 'tenant_forbidden', 'An API key can only read the usage of its own tenant.', 'tenant_id');
    }
    return caller.tenantId;
  }
  const tenantId = requested !== '' ? requested : caller.kind === 'admin' ? caller.principal.homeTenantId : '';
  if (tenantId === '') {
    const who = caller.kind === 'operator' ? 'Operators' : 'Admin tokens of platform staff';
    throw ApiError.invalidRequest(`${who} must name the tenant (tenant_id).`, 'tenant_id', 'missing_required_parameter');
  }
  if (caller.kind === 'admin') {
    const decision = authorize(caller.principal, permission, tenantId);
    if (!decision.allowed) throw new ApiError(403, 'permission_error', 'insufficient_permissions', decision.reason, 'tenant_id');
  }
  return tenantId;
}

function sameSecret(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y);
}
