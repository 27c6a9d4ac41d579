import type { ApiKey } from '@switchyard/contracts';
import { apiKeyStatus } from '@switchyard/control-plane';
import { objectSchema, S } from '../http/views';

export function apiKeyView(k: ApiKey, nowMs: number) {
  return {
    id: k.id,
    tenant_id: k.tenantId,
    name: k.name,
    prefix: k.prefix,
    status: apiKeyStatus(k, nowMs),
    plan_id: k.planId,
    features: k.features,
    allowed_models: k.allowedModels,
    allowed_regions: k.allowedRegions,
    expires_at_ms: k.expiresAtMs,
    revoked_at_ms: k.revokedAtMs,
    created_at_ms: k.createdAtMs,
    replaced_by_key_id: k.replacedByKeyId,
    rotated_from_key_id: k.rotatedFromKeyId,
  };
}

export const API_KEY_SCHEMA = objectSchema({
  id: S.string,
  tenant_id: S.string,
  name: S.string,
  prefix: S.string,
  status: { type: 'string', enum: ['active', 'rotating', 'expired', 'revoked'] },
  plan_id: S.string,
  features: S.strings,
  allowed_models: S.strings,
  allowed_regions: S.strings,
  expires_at_ms: S.int,
  revoked_at_ms: S.int,
  created_at_ms: S.int,
  replaced_by_key_id: S.string,
  rotated_from_key_id: S.string,
});

/** Creation and rotation answers: the only time the secret is ever shown. */
export const ISSUED_API_KEY_SCHEMA = {
  ...API_KEY_SCHEMA,
  properties: {
    ...(API_KEY_SCHEMA['properties'] as object),
    key: { type: 'string', description: 'The secret key. Shown once; only its hash is stored.' },
  },
};
