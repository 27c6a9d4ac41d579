import { Tenant, TenantStatus } from '@switchyard/contracts';
import { revokeApiKey } from '@switchyard/control-plane';
import { route } from '../http/admin-route';
import type { AdminCall } from '../http/admin-route';
import { objectSchema, S } from '../http/views';
import { requireTenant } from './tenant.routes';

const DELETION_SCHEMA = objectSchema({
  id: S.string,
  status: { type: 'string', enum: ['deleted'] },
  revoked_api_keys: S.strings,
  removed_provider_credentials: S.strings,
  removed_alert_webhooks: S.strings,
});

/**
 * Deleting a tenant (decided, see libs/admin/README.md): its API keys are
 * revoked at once, its sealed secrets (BYO provider credentials, alert webhook
 * secrets) are removed, and the tenant record is kept with status "deleted":
 * its usage rows stay for billing until its retention removes them, the audit
 * chain is never rewritten (each step is an audited config event), and the id
 * is never reused. The tenant record is written last, so a run interrupted by
 * Kafka is completed by repeating the call.
 */
async function deleteTenant(call: AdminCall<unknown>) {
  const tenant = requireTenant(call);
  const { state } = call.deps;
  const revoked: string[] = [];
  for (const key of state.apiKeys.values()) {
    if (key.tenantId !== tenant.id) continue;
    revoked.push(key.id);
    if (key.revokedAtMs > 0 && key.revokedAtMs <= call.nowMs) continue;
    await call.write({ $case: 'apiKey', apiKey: revokeApiKey(key, call.nowMs) });
  }
  const credentials = [...state.credentials.values()].filter((c) => c.tenantId === tenant.id);
  for (const credential of credentials) await call.write({ $case: 'providerCredential', providerCredential: credential }, true);
  const webhooks = [...state.alertWebhooks.values()].filter((w) => w.tenantId === tenant.id);
  for (const webhook of webhooks) await call.write({ $case: 'alertWebhook', alertWebhook: webhook }, true);
  await call.write({
    $case: 'tenant',
    tenant: Tenant.fromPartial({ ...tenant, status: TenantStatus.TENANT_STATUS_DELETED, updatedAtMs: call.nowMs }),
  });
  return {
    id: tenant.id,
    status: 'deleted',
    revoked_api_keys: revoked,
    removed_provider_credentials: credentials.map((c) => c.id),
    removed_alert_webhooks: webhooks.map((w) => w.id),
  };
}

export const tenantDeletionRoute = route({
  method: 'DELETE',
  path: '/tenants/{tenantId}',
  permission: 'platform.manage',
  tag: 'tenants',
  summary: 'Delete a tenant: keys revoked at once, secrets removed, usage kept until retention, audited; the id is not reused',
  response: DELETION_SCHEMA,
  handle: deleteTenant,
});
