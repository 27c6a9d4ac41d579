import { ApiKey } from '@switchyard/contracts';
import type { IssuedApiKey } from './api-key-secret';

export interface Rotation {
  /** The new key: same tenant and scope, a fresh secret. */
  readonly successor: ApiKey;
  /** The old key, now expiring when the overlap window ends. */
  readonly retired: ApiKey;
}

export type RotationRefusal = 'revoked' | 'expired';

/**
 * Rotates a key: the successor inherits the scope (plan, features, models,
 * regions, expiry); the old key keeps working until `overlapMs` from now (or
 * its own earlier expiry), so callers can roll the new secret out without
 * downtime. Rotating a key that already stopped working is refused.
 */
export function rotateApiKey(
  old: ApiKey,
  issued: IssuedApiKey,
  nowMs: number,
  overlapMs: number,
  name?: string,
): Rotation | { refused: RotationRefusal } {
  if (old.revokedAtMs > 0 && old.revokedAtMs <= nowMs) return { refused: 'revoked' };
  if (old.expiresAtMs > 0 && old.expiresAtMs <= nowMs) return { refused: 'expired' };
  const overlapEnds = nowMs + Math.max(0, overlapMs);
  const successor = ApiKey.fromPartial({
    ...old,
    id: issued.id,
    name: name ?? old.name,
    prefix: issued.prefix,
    secretHash: issued.secretHash,
    revokedAtMs: 0,
    createdAtMs: nowMs,
    replacedByKeyId: '',
    rotatedFromKeyId: old.id,
  });
  const retired = ApiKey.fromPartial({
    ...old,
    expiresAtMs: old.expiresAtMs > 0 ? Math.min(old.expiresAtMs, overlapEnds) : overlapEnds,
    replacedByKeyId: issued.id,
  });
  return { successor, retired };
}

/** Revocation takes effect at `nowMs`; revoking again keeps the first time. */
export function revokeApiKey(key: ApiKey, nowMs: number): ApiKey {
  return ApiKey.fromPartial({ ...key, revokedAtMs: key.revokedAtMs > 0 ? key.revokedAtMs : nowMs });
}

export type ApiKeyStatus = 'active' | 'rotating' | 'expired' | 'revoked';

export function apiKeyStatus(key: ApiKey, nowMs: number): ApiKeyStatus {
  if (key.revokedAtMs > 0 && key.revokedAtMs <= nowMs) return 'revoked';
  if (key.expiresAtMs > 0 && key.expiresAtMs <= nowMs) return 'expired';
  return key.replacedByKeyId ? 'rotating' : 'active';
}
