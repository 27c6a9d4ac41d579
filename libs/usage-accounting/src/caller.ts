import { ApiError } from '@switchyard/api-errors';
import { authenticateApiKey, ConfigState } from '@switchyard/control-plane';
import { createHash, timingSafeEqual } from 'node:crypto';

/** Who reads usage: a tenant (through one of its API keys) or an operator (the dashboard). */
export type Caller = { readonly kind: 'tenant'; readonly tenantId: string; readonly apiKeyId: string } | { readonly kind: 'operator' };

/**
 * "Bearer <token>": a tenant API key (the same keys that call the gateway)
 * makes the caller that tenant; the operator token (a secret in the service's
 * environment) makes the caller an operator. Anything else is a 401.
 */
export function resolveCaller(config: ConfigState, authorization: string | undefined, operatorToken: string, nowMs: number): Caller {
  const presented = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : (authorization?.trim() ?? '');
  if (!presented)
    throw new ApiError(
      401,
      'invalid_request_error',
      'missing_api_key',
      'Provide a tenant API key or the operator token as "Authorization: Bearer <token>".',
    );
  if (operatorToken && sameSecret(presented, operatorToken)) return { kind: 'operator' };
  const check = authenticateApiKey(config, presented, nowMs);
  if (!check.ok)
    throw new ApiError(401, 'invalid_request_error', 'invalid_api_key', 'The token is neither a valid API key nor the operator token.');
  return { kind: 'tenant', tenantId: check.tenant.id, apiKeyId: check.key.id };
}

/**
 * The tenant whose rows the caller may read: a tenant only ever its own (asking
 * for another is a 403, never a silent switch); an operator must name one.
 */
export function tenantInScope(caller: Caller, requestedTenantId: string | undefined): string {
  const requested = requestedTenantId?.trim() ?? '';
  if (caller.kind === 'tenant') {
    if (requested !== '' && requested !== caller.tenantId) {
      throw new ApiError(403, 'permission_error', 'tenant_forbidden', 'An API key can only read the usage of its own tenant.', 'tenant_id');
    }
    return caller.tenantId;
  }
  if (requested === '')
    throw ApiError.invalidRequest('Operators must name the tenant (tenant_id).', 'tenant_id', 'missing_required_parameter');
  return requested;
}

function sameSecret(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y);
}
