import { Alias, Experiment, ExperimentArm, RoutingObjective, RoutingPolicy } from '@switchyard/contracts';
import type { Alias as AliasEntity, Experiment as ExperimentEntity, RoutingPolicy as PolicyEntity } from '@switchyard/contracts';
import { referencesOf, validateAlias, validateExperiment, validateRoutingPolicy } from '@switchyard/routing';
import { notFound } from '../http/admin-errors';
import { route } from '../http/admin-route';
import { DELETED_SCHEMA, listOf, listSchema, objectSchema, S } from '../http/views';
import { idField, modelClassField, regionField } from '../validation/common-fields';
import { bool, int, invalid, list, obj, oneOf, optional, str } from '../validation/schema';

// Routing configuration is platform-wide (operators manage it); an alias or
// experiment may still be narrowed to one tenant with tenant_id.

const OBJECTIVES = {
  cost: RoutingObjective.ROUTING_OBJECTIVE_COST,
  latency: RoutingObjective.ROUTING_OBJECTIVE_LATENCY,
  reliability: RoutingObjective.ROUTING_OBJECTIVE_RELIABILITY,
} as const;
const objectiveName = (o: RoutingObjective): string => Object.entries(OBJECTIVES).find(([, v]) => v === o)?.[0] ?? '';

const aliasBody = obj({
  description: optional(str({ max: 500 })),
  chain: list(str({ min: 1, max: 128 }), {
    max: 10,
    unique: true,
    description: 'Ordered fallback chain: model names, deployment ids or policy:<id>',
  }),
  policy: optional(str({ max: 64, description: 'Policy id ranking deployments within a step; empty means the router default' })),
});
const policyBody = obj({
  description: optional(str({ max: 500 })),
  objective: oneOf(['cost', 'latency', 'reliability'] as const, 'What the policy optimizes'),
  models: optional(list(str({ min: 1, max: 128 }), { max: 256, unique: true })),
  require_allowed_regions: optional(bool('Refuse callers without declared regions and stay inside theirs')),
  regions: optional(list(regionField, { max: 32, unique: true })),
  classes: optional(
    list(modelClassField('A model class (deployment model_class)'), {
      max: 32,
      unique: true,
      description: 'Model classes the policy may choose from; it still never ranks across two',
    }),
  ),
});
const armBody = obj({
  name: str({ min: 1, max: 64 }),
  target: str({ min: 1, max: 128, description: 'Model name, deployment id or policy:<id>' }),
  weight: optional(int({ min: 0, max: 10_000 })),
  shadow: optional(bool()),
  shadow_percent: optional(int({ min: 1, max: 100 })),
});
const experimentBody = obj({
  alias_id: str({ min: 1, max: 64 }),
  tenant_id: optional(idField('Only this tenant; empty means every tenant')),
  arms: list(armBody, { max: 10 }),
  enabled: optional(bool()),
});

const aliasView = (a: AliasEntity) => ({
  id: a.id,
  tenant_id: a.tenantId,
  description: a.description,
  chain: a.chain,
  policy: a.policy,
  created_at_ms: a.createdAtMs,
  updated_at_ms: a.updatedAtMs,
});
const policyView = (p: PolicyEntity) => ({
  id: p.id,
  description: p.description,
  objective: objectiveName(p.objective),
  models: p.models,
  require_allowed_regions: p.requireAllowedRegions,
  regions: p.regions,
  classes: p.classes,
  created_at_ms: p.createdAtMs,
  updated_at_ms: p.updatedAtMs,
});
const experimentView = (x: ExperimentEntity) => ({
  id: x.id,
  alias_id: x.aliasId,
  tenant_id: x.tenantId,
  enabled: x.enabled,
  created_at_ms: x.createdAtMs,
  updated_at_ms: x.updatedAtMs,
  arms: x.arms.map((a) => ({ name: a.name, target: a.target, weight: a.weight, shadow: a.shadow, shadow_percent: a.shadowPercent })),
});
const ALIAS_SCHEMA = objectSchema({ id: S.string, tenant_id: S.string, description: S.string, chain: S.strings, policy: S.string });
const POLICY_SCHEMA = objectSchema({
  id: S.string,
  description: S.string,
  objective: S.string,
  models: S.strings,
  require_allowed_regions: S.bool,
  regions: S.strings,
  classes: S.strings,
});
const EXPERIMENT_SCHEMA = objectSchema({ id: S.string, alias_id: S.string, tenant_id: S.string, enabled: S.bool });

/** PUT and DELETE of an alias at a path; tenant aliases win over a platform alias of the same id for that tenant. */
function aliasWrites(path: string, tenantOf: (params: Readonly<Record<string, string>>) => string) {
  const scope = path.startsWith('/tenants/') ? "one tenant's" : 'a platform-wide';
  return [
    route({
      method: 'PUT',
      path,
      permission: 'platform.manage',
      tag: 'routing',
      summary: `Create or replace ${scope} alias and its fallback chain`,
      body: aliasBody,
      response: ALIAS_SCHEMA,
      handle: async (call) => {
        const id = idField('alias id').parse(call.params['aliasId'], 'aliasId');
        const tenantId = tenantOf(call.params);
        if (tenantId && !call.deps.state.tenants.has(tenantId)) throw notFound('tenant', tenantId);
        const old = call.deps.state.aliases.get(`${tenantId}/${id}`);
        const alias = Alias.fromPartial({
          id,
          tenantId,
          description: call.body.description ?? '',
          chain: call.body.chain,
          policy: call.body.policy ?? '',
          createdAtMs: old?.createdAtMs ?? call.nowMs,
          updatedAtMs: call.nowMs,
        });
        rejectProblems(validateAlias(alias, referencesOf(call.deps.state)));
        await call.write({ $case: 'alias', alias });
        return aliasView(alias);
      },
    }),
    route({
      method: 'DELETE',
      path,
      permission: 'platform.manage',
      tag: 'routing',
      summary: `Delete ${scope} alias`,
      response: DELETED_SCHEMA,
      conflicts: 'Features, plans, API keys, experiments, aliases or budgets still name the alias',
      handle: async (call) => {
        const id = call.params['aliasId'] ?? '';
        const alias = call.deps.state.aliases.get(`${tenantOf(call.params)}/${id}`);
        if (!alias) throw notFound('alias', id);
        call.checkReferences({ kind: 'alias', tenantId: alias.tenantId, id });
        await call.write({ $case: 'alias', alias }, true);
        return { id, deleted: true };
      },
    }),
  ];
}

function rejectProblems(problems: readonly string[]): void {
  if (problems.length > 0) throw invalid('body', problems.join('; '));
}

export const routingRoutes = [
  route({
    method: 'GET',
    path: '/aliases',
    permission: 'platform.manage',
    tag: 'routing',
    summary: 'List model aliases',
    response: listSchema(ALIAS_SCHEMA),
    handle: ({ deps }) => listOf([...deps.state.aliases.values()].map(aliasView)),
  }),
  ...aliasWrites('/aliases/{aliasId}', () => ''),
  ...aliasWrites('/tenants/{tenantId}/aliases/{aliasId}', (params) => params['tenantId'] ?? ''),
  route({
    method: 'GET',
    path: '/routing-policies',
    permission: 'platform.manage',
    tag: 'routing',
    summary: 'List routing policies (besides the built-in ones)',
    response: listSchema(POLICY_SCHEMA),
    handle: ({ deps }) => listOf([...deps.state.routingPolicies.values()].map(policyView)),
  }),
  route({
    method: 'PUT',
    path: '/routing-policies/{policyId}',
    permission: 'platform.manage',
    tag: 'routing',
    summary: 'Create or replace what policy:<id> means',
    body: policyBody,
    response: POLICY_SCHEMA,
    handle: async (call) => {
      const id = idField('policy id').parse(call.params['policyId'], 'policyId');
      const old = call.deps.state.routingPolicies.get(id);
      const policy = RoutingPolicy.fromPartial({
        id,
        description: call.body.description ?? '',
        objective: OBJECTIVES[call.body.objective],
        models: call.body.models ?? [],
        requireAllowedRegions: call.body.require_allowed_regions ?? false,
        regions: call.body.regions ?? [],
        classes: call.body.classes ?? [],
        createdAtMs: old?.createdAtMs ?? call.nowMs,
        updatedAtMs: call.nowMs,
      });
      rejectProblems(validateRoutingPolicy(policy));
      await call.write({ $case: 'routingPolicy', routingPolicy: policy });
      return policyView(policy);
    },
  }),
  route({
    method: 'DELETE',
    path: '/routing-policies/{policyId}',
    permission: 'platform.manage',
    tag: 'routing',
    summary: 'Delete a routing policy',
    response: DELETED_SCHEMA,
    conflicts: 'Aliases, experiments, features, plans, API keys or budgets still name policy:<id>',
    handle: async (call) => {
      const id = call.params['policyId'] ?? '';
      const policy = call.deps.state.routingPolicies.get(id);
      if (!policy) throw notFound('routing policy', id);
      call.checkReferences({ kind: 'routing_policy', id });
      await call.write({ $case: 'routingPolicy', routingPolicy: policy }, true);
      return { id, deleted: true };
    },
  }),
  route({
    method: 'GET',
    path: '/experiments',
    permission: 'platform.manage',
    tag: 'routing',
    summary: 'List A/B experiments',
    response: listSchema(EXPERIMENT_SCHEMA),
    handle: ({ deps }) => listOf([...deps.state.experiments.values()].map(experimentView)),
  }),
  route({
    method: 'PUT',
    path: '/experiments/{experimentId}',
    permission: 'platform.manage',
    tag: 'routing',
    summary: 'Create or replace an A/B experiment (weighted arms, sticky per tenant + end user, shadow arms)',
    body: experimentBody,
    response: EXPERIMENT_SCHEMA,
    handle: async (call) => {
      const id = idField('experiment id').parse(call.params['experimentId'], 'experimentId');
      const old = call.deps.state.experiments.get(id);
      const experiment = Experiment.fromPartial({
        id,
        aliasId: call.body.alias_id,
        tenantId: call.body.tenant_id ?? '',
        enabled: call.body.enabled ?? true,
        arms: call.body.arms.map((a) =>
          ExperimentArm.fromPartial({
            name: a.name,
            target: a.target,
            weight: a.weight ?? 0,
            shadow: a.shadow ?? false,
            shadowPercent: a.shadow_percent ?? 0,
          }),
        ),
        createdAtMs: old?.createdAtMs ?? call.nowMs,
        updatedAtMs: call.nowMs,
      });
      rejectProblems(validateExperiment(experiment, referencesOf(call.deps.state)));
      await call.write({ $case: 'experiment', experiment });
      return experimentView(experiment);
    },
  }),
  route({
    method: 'DELETE',
    path: '/experiments/{experimentId}',
    permission: 'platform.manage',
    tag: 'routing',
    summary: 'Delete an A/B experiment',
    response: DELETED_SCHEMA,
    handle: async (call) => {
      const id = call.params['experimentId'] ?? '';
      const experiment = call.deps.state.experiments.get(id);
      if (!experiment) throw notFound('experiment', id);
      await call.write({ $case: 'experiment', experiment }, true);
      return { id, deleted: true };
    },
  }),
];
