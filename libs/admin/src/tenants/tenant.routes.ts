import { PiiPolicy, Tenant, TenantStatus } from '@switchyard/contracts';
import { randomBytes } from 'node:crypto';
import { conflict, notFound, unknownReference } from '../http/admin-errors';
import { route } from '../http/admin-route';
import { invalid } from '../validation/schema';
import type { AdminCall } from '../http/admin-route';
import { listOf, listSchema } from '../http/views';
import { createTenantBody, tenantSettingsBody, updateTenantBody } from './tenant.validator';
import { piiModeFromWire, SETTINGS_SCHEMA, settingsView, TENANT_SCHEMA, tenantView } from './tenant.view';

export function requireTenant(call: AdminCall<unknown>): Tenant {
  const id = call.params['tenantId'] ?? '';
  const tenant = call.deps.state.tenants.get(id);
  // A deleted tenant is gone for every tenant route: nothing can be read or changed under it.
  if (!tenant || tenant.status === TenantStatus.TENANT_STATUS_DELETED) throw notFound('tenant', id);
  return tenant;
}

/** A tenant's plan must exist: a typo would otherwise leave the tenant without the plan's allow-list. */
function checkPlan(call: AdminCall<unknown>, planId: string | undefined): void {
  if (planId && !call.deps.state.plans.has(planId)) throw unknownReference('plan_id', 'plan', planId);
}

const statusOf = (s: 'active' | 'suspended' | undefined, fallback: TenantStatus) =>
  s === undefined ? fallback : s === 'suspended' ? TenantStatus.TENANT_STATUS_SUSPENDED : TenantStatus.TENANT_STATUS_ACTIVE;

/**
 * The reason a tenant is suspended: a call that suspends must give one (changing it on a suspended
 * tenant is allowed); an active tenant carries none, so reactivating clears it.
 */
function suspensionReasonOf(status: TenantStatus, was: Tenant | undefined, given: string | undefined): string {
  if (status !== TenantStatus.TENANT_STATUS_SUSPENDED) {
    if (given !== undefined)
      throw invalid('suspension_reason', "only a suspended tenant has a suspension reason (set status to 'suspended')");
    return '';
  }
  const reason = given ?? (was?.status === TenantStatus.TENANT_STATUS_SUSPENDED ? was.suspensionReason : '');
  if (!reason) throw invalid('suspension_reason', 'suspending a tenant needs a reason', 'missing_required_parameter');
  return reason;
}

export const tenantRoutes = [
  route({
    method: 'GET',
    path: '/tenants',
    permission: 'platform.manage',
    tag: 'tenants',
    summary: 'List all tenants',
    response: listSchema(TENANT_SCHEMA),
    handle: ({ deps }) =>
      listOf([...deps.state.tenants.values()].filter((t) => t.status !== TenantStatus.TENANT_STATUS_DELETED).map(tenantView)),
  }),
  route({
    method: 'POST',
    path: '/tenants',
    permission: 'platform.manage',
    tag: 'tenants',
    summary: 'Create a tenant',
    body: createTenantBody,
    unprocessable: 'plan_id names no plan',
    response: TENANT_SCHEMA,
    handle: async (call) => {
      const { body, nowMs } = call;
      const id = body.id ?? `ten_${randomBytes(6).toString('hex')}`;
      const existing = call.deps.state.tenants.get(id);
      if (existing?.status === TenantStatus.TENANT_STATUS_DELETED) {
        throw conflict(`The tenant id '${id}' belonged to a deleted tenant; ids are never reused (its usage and audit records keep it).`);
      }
      if (existing) throw conflict(`A tenant with id '${id}' already exists.`);
      checkPlan(call, body.plan_id);
      const status = statusOf(body.status, TenantStatus.TENANT_STATUS_ACTIVE);
      const tenant = Tenant.fromPartial({
        id,
        name: body.name,
        planId: body.plan_id ?? '',
        status,
        suspensionReason: suspensionReasonOf(status, undefined, body.suspension_reason),
        allowedRegions: body.allowed_regions ?? [],
        createdAtMs: nowMs,
        updatedAtMs: nowMs,
      });
      await call.write({ $case: 'tenant', tenant });
      return tenantView(tenant);
    },
  }),
  route({
    method: 'GET',
    path: '/tenants/{tenantId}',
    permission: 'tenant.read',
    tag: 'tenants',
    summary: 'Read a tenant',
    response: TENANT_SCHEMA,
    handle: (call) => tenantView(requireTenant(call)),
  }),
  route({
    method: 'PATCH',
    path: '/tenants/{tenantId}',
    permission: 'platform.manage',
    tag: 'tenants',
    summary: 'Change name, plan or status (suspend/reactivate)',
    destructive: true,
    body: updateTenantBody,
    unprocessable: 'plan_id names no plan',
    response: TENANT_SCHEMA,
    handle: async (call) => {
      const old = requireTenant(call);
      const { body } = call;
      checkPlan(call, body.plan_id);
      const status = statusOf(body.status, old.status);
      const tenant = Tenant.fromPartial({
        ...old,
        name: body.name ?? old.name,
        planId: body.plan_id ?? old.planId,
        status,
        suspensionReason: suspensionReasonOf(status, old, body.suspension_reason),
        updatedAtMs: call.nowMs,
      });
      await call.write({ $case: 'tenant', tenant });
      return tenantView(tenant);
    },
  }),
  route({
    method: 'GET',
    path: '/tenants/{tenantId}/settings',
    permission: 'tenant.read',
    tag: 'tenants',
    summary: "Read the tenant's regions, PII policy and log retention",
    response: SETTINGS_SCHEMA,
    handle: (call) => settingsView(requireTenant(call)),
  }),
  route({
    method: 'PATCH',
    path: '/tenants/{tenantId}/settings',
    permission: 'tenant.settings.write',
    tag: 'tenants',
    summary: 'Change regions, PII policy or log retention (omitted fields keep their value)',
    destructive: true,
    body: tenantSettingsBody,
    response: SETTINGS_SCHEMA,
    handle: async (call) => {
      const old = requireTenant(call);
      const { body } = call;
      const pii = body.pii_policy;
      const tenant = Tenant.fromPartial({
        ...old,
        allowedRegions: body.allowed_regions ?? old.allowedRegions,
        piiPolicy: pii
          ? PiiPolicy.fromPartial({
              mode: piiModeFromWire(pii.mode),
              detectors: pii.detectors ?? [],
              restoreResponses: pii.restore_responses ?? true,
            })
          : old.piiPolicy,
        rawLogRetentionDays: body.raw_log_retention_days ?? old.rawLogRetentionDays,
        updatedAtMs: call.nowMs,
      });
      await call.write({ $case: 'tenant', tenant });
      return settingsView(tenant);
    },
  }),
];
