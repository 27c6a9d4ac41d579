import { Feature } from '@switchyard/contracts';
import type { Feature as FeatureEntity } from '@switchyard/contracts';
import { notFound } from '../http/admin-errors';
import { route } from '../http/admin-route';
import { DELETED_SCHEMA, listOf, listSchema, objectSchema, S } from '../http/views';
import { requireTenant } from '../tenants/tenant.routes';
import { obj, optional, str } from '../validation/schema';

const FEATURE_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const featureBody = obj({
  name: optional(str({ max: 200 })),
  route: optional(
    str({ max: 128, description: "Model, alias or policy requests tagged with this feature go to; empty means the request's own model" }),
  ),
});

const featureView = (f: FeatureEntity) => ({
  id: f.id,
  tenant_id: f.tenantId,
  name: f.name,
  route: f.route,
  created_at_ms: f.createdAtMs,
  updated_at_ms: f.updatedAtMs,
});
const FEATURE_SCHEMA = objectSchema({
  id: S.string,
  tenant_id: S.string,
  name: S.string,
  route: S.string,
  created_at_ms: S.int,
  updated_at_ms: S.int,
});

export const featureRoutes = [
  route({
    method: 'GET',
    path: '/tenants/{tenantId}/features',
    permission: 'feature.read',
    tag: 'features',
    summary: "List the tenant's features",
    response: listSchema(FEATURE_SCHEMA),
    handle: (call) => {
      const tenant = requireTenant(call);
      return listOf([...call.deps.state.features.values()].filter((f) => f.tenantId === tenant.id).map(featureView));
    },
  }),
  route({
    method: 'PUT',
    path: '/tenants/{tenantId}/features/{featureId}',
    permission: 'feature.write',
    tag: 'features',
    summary: 'Create or replace a feature (what x-switchyard-feature names)',
    body: featureBody,
    response: FEATURE_SCHEMA,
    handle: async (call) => {
      const tenant = requireTenant(call);
      const id = str({ min: 1, max: 64, pattern: FEATURE_ID, patternHint: 'use 1-64 letters, digits and ._:-' }).parse(
        call.params['featureId'],
        'featureId',
      );
      const old = call.deps.state.feature(tenant.id, id);
      const feature = Feature.fromPartial({
        id,
        tenantId: tenant.id,
        name: call.body.name ?? old?.name ?? id,
        route: call.body.route ?? old?.route ?? '',
        createdAtMs: old?.createdAtMs ?? call.nowMs,
        updatedAtMs: call.nowMs,
      });
      await call.write({ $case: 'feature', feature });
      return featureView(feature);
    },
  }),
  route({
    method: 'DELETE',
    path: '/tenants/{tenantId}/features/{featureId}',
    permission: 'feature.write',
    tag: 'features',
    summary: 'Delete a feature',
    response: DELETED_SCHEMA,
    conflicts: 'API keys or feature budgets still name the feature',
    handle: async (call) => {
      const tenant = requireTenant(call);
      const id = call.params['featureId'] ?? '';
      const feature = call.deps.state.feature(tenant.id, id);
      if (!feature) throw notFound('feature', id);
      call.checkReferences({ kind: 'feature', tenantId: tenant.id, id });
      await call.write({ $case: 'feature', feature }, true);
      return { id, deleted: true };
    },
  }),
];
