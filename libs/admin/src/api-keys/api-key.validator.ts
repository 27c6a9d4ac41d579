import type { Tenant } from '@switchyard/contracts';
import type { ConfigState } from '@switchyard/control-plane';
import { unknownReference } from '../http/admin-errors';
import { invalid } from '../validation/schema';
import { idField, nameField, regionField } from '../validation/common-fields';
import { int, list, obj, oneOf, optional, str } from '../validation/schema';

export const createApiKeyBody = obj({
  name: nameField('What the key is for'),
  environment: optional(oneOf(['live', 'test'] as const, 'Shown in the key (sy_live_… / sy_test_…)')),
  plan_id: optional(idField("Narrow the key to another plan than the tenant's")),
  features: optional(
    list(str({ min: 1, max: 64, pattern: /^[A-Za-z0-9._:-]{1,64}$/ }), {
      max: 64,
      unique: true,
      description: 'Features the key may be used for; empty means any',
    }),
  ),
  allowed_models: optional(
    list(str({ min: 1, max: 128 }), {
      max: 256,
      unique: true,
      description: 'Models the key may use; empty means whatever the plan allows',
    }),
  ),
  allowed_regions: optional(list(regionField, { max: 16, unique: true, description: "Narrow the tenant's regions; never widens them" })),
  expires_at_ms: optional(int({ min: 0, description: 'Epoch ms after which the key stops working; 0 or omitted means never' })),
});

export const rotateApiKeyBody = obj({
  overlap_seconds: optional(int({ min: 0, max: 30 * 24 * 3600, description: 'How long the old key keeps working (default 86400)' })),
  name: optional(nameField('Name of the new key; the old name when omitted')),
});

/** Scope checks that need the current configuration: the key must be usable as asked. */
export function checkKeyScope(
  state: ConfigState,
  tenant: Tenant,
  body: { plan_id?: string | undefined; allowed_regions?: string[] | undefined; expires_at_ms?: number | undefined },
  nowMs: number,
): void {
  if (body.plan_id && !state.plans.has(body.plan_id)) throw unknownReference('plan_id', 'plan', body.plan_id);
  const outside = (body.allowed_regions ?? []).filter((r) => tenant.allowedRegions.length > 0 && !tenant.allowedRegions.includes(r));
  if (outside.length > 0)
    throw invalid(
      'allowed_regions',
      `the tenant may not be served from ${outside.join(', ')} (its regions: ${tenant.allowedRegions.join(', ')}).`,
    );
  if (body.expires_at_ms && body.expires_at_ms <= nowMs) throw invalid('expires_at_ms', 'must be in the future.');
}
