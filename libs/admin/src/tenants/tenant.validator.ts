import { DETECTOR_NAMES } from '@switchyard/pii';
import { idField, nameField, regionField } from '../validation/common-fields';
import { bool, int, list, obj, oneOf, optional, str } from '../validation/schema';
import { PII_MODES } from './tenant.view';

/** Required whenever a call suspends a tenant: a suspension cuts off all of a tenant's traffic. */
const suspensionReason = str({ min: 3, max: 500, description: "Why the tenant is suspended; required when status becomes 'suspended'" });

const regions = list(regionField, { max: 16, unique: true, description: 'Regions the tenant may be served from; empty means any' });

export const createTenantBody = obj({
  id: optional(idField('Tenant id; generated when omitted')),
  name: nameField(),
  plan_id: optional(idField('Plan id')),
  status: optional(oneOf(['active', 'suspended'] as const)),
  suspension_reason: optional(suspensionReason),
  allowed_regions: optional(regions),
});

export const updateTenantBody = obj({
  name: optional(nameField()),
  plan_id: optional(idField('Plan id')),
  status: optional(oneOf(['active', 'suspended'] as const, 'Suspended tenants are refused on every request')),
  suspension_reason: optional(suspensionReason),
});

export const piiPolicyField = obj({
  mode: oneOf(PII_MODES, 'off; records: redact what is recorded; provider: also redact the prompt before it leaves for the provider'),
  detectors: optional(list(oneOf(DETECTOR_NAMES), { max: DETECTOR_NAMES.length, unique: true, description: 'Empty or omitted means all' })),
  restore_responses: optional(bool('provider mode: put the original values back into the answer the caller receives')),
});

/** Settings a tenant's owners and admins manage themselves. Omitted fields keep their value. */
export const tenantSettingsBody = obj({
  allowed_regions: optional(regions),
  pii_policy: optional(piiPolicyField),
  raw_log_retention_days: optional(
    int({ min: 0, max: 3650, description: 'Delete raw request logs older than this many days; 0 means the platform default' }),
  ),
});
