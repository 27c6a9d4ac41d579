import { Alias, Deployment, Experiment, RoutingPolicy } from '@switchyard/contracts';
import type { ConfigEvent } from '@switchyard/contracts';
import type { ConfigState } from '@switchyard/control-plane';
import {
  RoutingReferences,
  validateAlias,
  validateDeployment,
  validateExperiment,
  validateRoutingPolicy,
} from '../config/validate-routing-config';
import { BUILTIN_POLICIES } from '../policies/builtin-policies';
import type { CatalogDocument } from './catalog-document';

export type ConfigEntity = NonNullable<ConfigEvent['entity']>;

export type CatalogPlan =
  | { readonly ok: true; readonly changes: readonly ConfigEntity[]; readonly unchanged: number }
  | { readonly ok: false; readonly problems: readonly string[] };

/**
 * The config events that bring the config log in line with a catalog: only
 * entities that are new or differ from the current state, in dependency order
 * (deployments, policies, aliases, experiments). Importing the same catalog
 * twice writes nothing the second time. Entities the catalog does not mention
 * are left alone (operators may have added them through the admin API).
 */
export function catalogChanges(document: CatalogDocument, state: ConfigState, nowMs: number): CatalogPlan {
  const problems = validateCatalog(document, state);
  if (problems.length > 0) return { ok: false, problems };
  const changes: ConfigEntity[] = [];
  let unchanged = 0;
  const consider = (entity: ConfigEntity, current: unknown, same: boolean): void => {
    if (current !== undefined && same) unchanged += 1;
    else changes.push(entity);
  };
  for (const d of document.deployments) {
    const current = state.deployments.get(d.id);
    consider(
      { $case: 'deployment', deployment: d },
      current,
      current !== undefined && canonical(Deployment.toJSON(current)) === canonical(Deployment.toJSON(d)),
    );
  }
  for (const p of document.policies) {
    const current = state.routingPolicies.get(p.id);
    const next = stamped(p, current, nowMs);
    consider(
      { $case: 'routingPolicy', routingPolicy: next },
      current,
      current !== undefined && canonical(RoutingPolicy.toJSON(current)) === canonical(RoutingPolicy.toJSON(next)),
    );
  }
  for (const a of document.aliases) {
    const current = state.aliases.get(`${a.tenantId}/${a.id}`);
    const next = stamped(a, current, nowMs);
    consider(
      { $case: 'alias', alias: next },
      current,
      current !== undefined && canonical(Alias.toJSON(current)) === canonical(Alias.toJSON(next)),
    );
  }
  for (const e of document.experiments) {
    const current = state.experiments.get(e.id);
    const next = stamped(e, current, nowMs);
    consider(
      { $case: 'experiment', experiment: next },
      current,
      current !== undefined && canonical(Experiment.toJSON(current)) === canonical(Experiment.toJSON(next)),
    );
  }
  // Only what changed gets a new updated-at: compare first, stamp after.
  return { ok: true, changes: changes.map((c) => restamp(c, nowMs)), unchanged };
}

/** Every entity of the catalog validated against the catalog plus what the config log already holds. */
export function validateCatalog(document: CatalogDocument, state: ConfigState): string[] {
  const models = new Set([...state.deployments.values(), ...document.deployments].map((d) => d.model));
  const refs: RoutingReferences = {
    hasModel: (name) => models.has(name),
    hasDeployment: (id) => state.deployments.has(id) || document.deployments.some((d) => d.id === id),
    hasPolicy: (id) =>
      state.routingPolicies.has(id) || document.policies.some((p) => p.id === id) || BUILTIN_POLICIES.some((p) => p.id === id),
    hasAlias: (id) => document.aliases.some((a) => a.id === id) || [...state.aliases.values()].some((a) => a.id === id),
  };
  return [
    ...document.deployments.flatMap(validateDeployment),
    ...document.policies.flatMap(validateRoutingPolicy),
    ...document.aliases.flatMap((a) => validateAlias(a, refs)),
    ...document.experiments.flatMap((e) => validateExperiment(e, refs)),
  ];
}

type Stamped = { createdAtMs: number; updatedAtMs: number };

/** The entity with the current one's timestamps, so only real changes differ. */
function stamped<T extends Stamped>(entity: T, current: T | undefined, nowMs: number): T {
  return { ...entity, createdAtMs: current?.createdAtMs || nowMs, updatedAtMs: current?.updatedAtMs ?? nowMs };
}

function restamp(entity: ConfigEntity, nowMs: number): ConfigEntity {
  switch (entity.$case) {
    case 'alias':
      return { $case: 'alias', alias: { ...entity.alias, updatedAtMs: nowMs } };
    case 'routingPolicy':
      return { $case: 'routingPolicy', routingPolicy: { ...entity.routingPolicy, updatedAtMs: nowMs } };
    case 'experiment':
      return { $case: 'experiment', experiment: { ...entity.experiment, updatedAtMs: nowMs } };
    default:
      return entity;
  }
}

/** JSON with sorted keys: equal entities serialize identically whatever their key order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}
