import { type ApiKey, type Tenant, TenantStatus } from '@switchyard/contracts';
import type { ConfigState } from '../state/config-state';
import { presentedCredential } from '../auth/presented-credential';
import { apiKeyMatches, apiKeyPrefix } from './api-key-secret';

export type ApiKeyRejection = 'missing' | 'malformed' | 'unknown' | 'revoked' | 'expired' | 'rotated' | 'tenant_suspended';

export type ApiKeyCheck =
  { readonly ok: true; readonly key: ApiKey; readonly tenant: Tenant } | { readonly ok: false; readonly reason: ApiKeyRejection };

/** Accepts "Bearer <key>" or a bare key (Anthropic's x-api-key). */
export function authenticateApiKey(state: ConfigState, credential: string | undefined, nowMs: number): ApiKeyCheck {
  if (!credential) return { ok: false, reason: 'missing' };
  const presented = presentedCredential(credential);
  const prefix = apiKeyPrefix(presented);
  if (!prefix) return { ok: false, reason: 'malformed' };
  const key = state.apiKeyByPrefix(prefix);
  if (!key || !apiKeyMatches(presented, key.secretHash)) return { ok: false, reason: 'unknown' };
  if (key.revokedAtMs > 0 && key.revokedAtMs <= nowMs) return { ok: false, reason: 'revoked' };
  if (key.expiresAtMs > 0 && key.expiresAtMs <= nowMs) return { ok: false, reason: key.replacedByKeyId ? 'rotated' : 'expired' };
  const tenant = state.tenants.get(key.tenantId);
  if (!tenant) return { ok: false, reason: 'unknown' };
  // A deleted tenant's keys are revoked too; this holds even for an event replayed out of order.
  if (tenant.status === TenantStatus.TENANT_STATUS_DELETED) return { ok: false, reason: 'revoked' };
  if (tenant.status === TenantStatus.TENANT_STATUS_SUSPENDED) return { ok: false, reason: 'tenant_suspended' };
  return { ok: true, key, tenant };
}
