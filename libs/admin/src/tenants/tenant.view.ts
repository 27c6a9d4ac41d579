import { PiiMode, TenantStatus } from '@switchyard/contracts';
import type { Tenant } from '@switchyard/contracts';
import { objectSchema, S } from '../http/views';

export const PII_MODES = ['off', 'records', 'provider'] as const;
export type PiiModeName = (typeof PII_MODES)[number];

const MODE_TO_WIRE: Record<PiiMode, PiiModeName> = {
  [PiiMode.PII_MODE_UNSPECIFIED]: 'off',
  [PiiMode.PII_MODE_RECORDS]: 'records',
  [PiiMode.PII_MODE_PROVIDER]: 'provider',
  [PiiMode.UNRECOGNIZED]: 'off',
};

export function piiModeFromWire(mode: PiiModeName): PiiMode {
  return mode === 'records' ? PiiMode.PII_MODE_RECORDS : mode === 'provider' ? PiiMode.PII_MODE_PROVIDER : PiiMode.PII_MODE_UNSPECIFIED;
}

export function tenantStatusName(status: TenantStatus): 'active' | 'suspended' | 'deleted' {
  if (status === TenantStatus.TENANT_STATUS_DELETED) return 'deleted';
  return status === TenantStatus.TENANT_STATUS_SUSPENDED ? 'suspended' : 'active';
}

export function settingsView(t: Tenant) {
  return {
    allowed_regions: t.allowedRegions,
    pii_policy: {
      mode: MODE_TO_WIRE[t.piiPolicy?.mode ?? PiiMode.PII_MODE_UNSPECIFIED],
      detectors: t.piiPolicy?.detectors ?? [],
      restore_responses: t.piiPolicy?.restoreResponses ?? false,
    },
    raw_log_retention_days: t.rawLogRetentionDays,
  };
}

export function tenantView(t: Tenant) {
  return {
    id: t.id,
    name: t.name,
    plan_id: t.planId,
    status: tenantStatusName(t.status),
    suspension_reason: t.status === TenantStatus.TENANT_STATUS_SUSPENDED ? t.suspensionReason : null,
    ...settingsView(t),
    created_at_ms: t.createdAtMs,
    updated_at_ms: t.updatedAtMs,
  };
}

export const SETTINGS_SCHEMA = objectSchema({
  allowed_regions: S.strings,
  pii_policy: objectSchema({ mode: { type: 'string', enum: PII_MODES }, detectors: S.strings, restore_responses: S.bool }),
  raw_log_retention_days: S.int,
});

export const TENANT_SCHEMA = objectSchema({
  id: S.string,
  name: S.string,
  plan_id: S.string,
  status: { type: 'string', enum: ['active', 'suspended', 'deleted'] },
  suspension_reason: { type: ['string', 'null'], description: "Why the tenant is suspended; null unless status is 'suspended'" },
  ...(SETTINGS_SCHEMA['properties'] as Record<string, never>),
  created_at_ms: S.int,
  updated_at_ms: S.int,
});
