import { Role, UserStatus } from '@switchyard/contracts';
import { timingSafeEqual } from 'node:crypto';
import { presentedCredential } from '../auth/presented-credential';
import { apiKeyMatches, apiKeyPrefix, hashApiKey } from '../api-keys/api-key-secret';
import type { AdminPrincipal } from '../rbac/authorize';
import { isTenantRole, TenantRole } from '../rbac/roles';
import type { ConfigState } from '../state/config-state';
import { adminTokenPrefix } from './admin-token-secret';

export type AdminAuthRejection = 'missing' | 'data_plane_key' | 'unknown' | 'revoked' | 'expired' | 'user_disabled';

export type AdminAuthResult =
  { readonly ok: true; readonly principal: AdminPrincipal } | { readonly ok: false; readonly reason: AdminAuthRejection };

/** The bootstrap operator credential, kept only as a hash in memory. */
export class BootstrapCredential {
  private readonly hash: Buffer;

  constructor(secret: string) {
    if (secret.length < 32) throw new Error('the bootstrap operator token must be at least 32 characters');
    this.hash = Buffer.from(hashApiKey(secret), 'hex');
  }

  matches(presented: string): boolean {
    return timingSafeEqual(Buffer.from(hashApiKey(presented), 'hex'), this.hash);
  }
}

/**
 * Admin callers present `Authorization: Bearer <admin token>` (a token bound
 * to a user; the user's role bindings say what they may do) or, for the very
 * first calls, the bootstrap operator token from the environment.
 */
export function authenticateAdmin(
  state: ConfigState,
  header: string | undefined,
  nowMs: number,
  bootstrap: BootstrapCredential | undefined,
): AdminAuthResult {
  if (!header) return { ok: false, reason: 'missing' };
  const presented = presentedCredential(header);
  const prefix = adminTokenPrefix(presented);
  if (!prefix) {
    if (bootstrap?.matches(presented)) {
      return {
        ok: true,
        principal: { kind: 'operator', id: 'bootstrap', homeTenantId: '', platformOperator: true, tenantRoles: new Map() },
      };
    }
    return { ok: false, reason: apiKeyPrefix(presented) ? 'data_plane_key' : 'unknown' };
  }
  const token = state.adminTokenByPrefix(prefix);
  if (!token || !apiKeyMatches(presented, token.secretHash)) return { ok: false, reason: 'unknown' };
  if (token.revokedAtMs > 0 && token.revokedAtMs <= nowMs) return { ok: false, reason: 'revoked' };
  if (token.expiresAtMs > 0 && token.expiresAtMs <= nowMs) return { ok: false, reason: 'expired' };
  const user = state.users.get(token.userId);
  if (!user) return { ok: false, reason: 'unknown' };
  if (user.status === UserStatus.USER_STATUS_DISABLED) return { ok: false, reason: 'user_disabled' };
  const tenantRoles = new Map<string, TenantRole>();
  let platformOperator = false;
  for (const binding of state.bindingsOf(user.id)) {
    if (binding.tenantId === '' && binding.role === Role.ROLE_PLATFORM_OPERATOR && user.tenantId === '') platformOperator = true;
    // A tenant's user can only ever hold roles in that tenant, whatever the log says.
    else if (binding.tenantId !== '' && isTenantRole(binding.role) && (user.tenantId === '' || user.tenantId === binding.tenantId)) {
      tenantRoles.set(binding.tenantId, binding.role);
    }
  }
  return { ok: true, principal: { kind: 'user', id: user.id, homeTenantId: user.tenantId, platformOperator, tenantRoles } };
}
