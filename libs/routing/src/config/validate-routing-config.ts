import { RoutingObjective } from '@switchyard/contracts';
import type { Alias, Deployment, Experiment, RoutingPolicy } from '@switchyard/contracts';
import type { ConfigState } from '@switchyard/control-plane';
import { BUILTIN_POLICIES, policyIdOf } from '../policies/builtin-policies';

/**
 * Pure validation of the routing entities, shared by the catalog importer and
 * the admin API: each returns the problems found (empty means valid), phrased
 * for the operator who sent the entity.
 */

/** What a chain step or arm target may refer to. */
export interface RoutingReferences {
  hasModel(name: string): boolean;
  hasDeployment(id: string): boolean;
  hasPolicy(id: string): boolean;
  hasAlias(id: string): boolean;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const PROVIDER = /^[a-z0-9][a-z0-9-]{0,31}$/;
const MAX_CHAIN = 10;
const MAX_ARMS = 10;

export function referencesOf(config: ConfigState): RoutingReferences {
  return {
    hasModel: (name) => [...config.deployments.values()].some((d) => d.model === name),
    hasDeployment: (id) => config.deployments.has(id),
    hasPolicy: (id) => config.routingPolicies.has(id) || BUILTIN_POLICIES.some((p) => p.id === id),
    hasAlias: (id) => [...config.aliases.values()].some((a) => a.id === id),
  };
}

export function validateDeployment(d: Deployment): string[] {
  const problems: string[] = [];
  if (!ID.test(d.id)) problems.push(`deployment id '${d.id}' must be 1-64 letters, digits, '.', '_' or '-'`);
  if (!d.model.trim()) problems.push(`deployment ${d.id}: model is required`);
  if (!PROVIDER.test(d.provider))
    problems.push(`deployment ${d.id}: provider '${d.provider}' must be a provider family name such as openai or anthropic`);
  if (!isHttpUrl(d.baseUrl)) problems.push(`deployment ${d.id}: base URL '${d.baseUrl}' must be an http(s) URL`);
  if (!d.region.trim()) problems.push(`deployment ${d.id}: region is required`);
  const price = d.price;
  if (
    price &&
    [
      price.inputMicroUsd,
      price.outputMicroUsd,
      price.cachedInputMicroUsd,
      price.cacheWriteMicroUsd,
      price.audioMinuteMicroUsd,
      price.millionCharactersMicroUsd,
      price.imageMicroUsd,
    ].some((p) => !Number.isInteger(p) || p < 0)
  ) {
    problems.push(
      `deployment ${d.id}: prices must be whole, non-negative micro-USD (per million tokens, per audio minute, per million characters, per image)`,
    );
  }
  for (const [field, value] of [
    ['context window', d.contextWindow],
    ['rpm limit', d.rpmLimit],
    ['tpm limit', d.tpmLimit],
    ['timeout', d.timeoutMs],
  ] as const) {
    if (!Number.isInteger(value) || value < 0) problems.push(`deployment ${d.id}: ${field} must be a non-negative integer (0 = none)`);
  }
  const c = d.capabilities;
  if (!c?.chat && !c?.embeddings && !c?.moderation && !c?.transcription && !c?.speech && !c?.imageGeneration)
    problems.push(`deployment ${d.id}: must be capable of chat, embeddings, moderation, transcription, speech or image generation`);
  return problems;
}

export function validateAlias(alias: Alias, refs: RoutingReferences): string[] {
  const problems: string[] = [];
  if (!ID.test(alias.id)) problems.push(`alias id '${alias.id}' must be 1-64 letters, digits, '.', '_' or '-'`);
  if (alias.chain.length === 0) problems.push(`alias ${alias.id}: the fallback chain needs at least one step`);
  if (alias.chain.length > MAX_CHAIN) problems.push(`alias ${alias.id}: at most ${MAX_CHAIN} chain steps`);
  if (new Set(alias.chain).size !== alias.chain.length) problems.push(`alias ${alias.id}: a chain step appears twice`);
  for (const step of alias.chain) problems.push(...targetProblems(`alias ${alias.id}`, step, refs));
  if (alias.policy && !refs.hasPolicy(alias.policy)) problems.push(`alias ${alias.id}: unknown policy '${alias.policy}'`);
  return problems;
}

export function validateRoutingPolicy(policy: RoutingPolicy): string[] {
  const problems: string[] = [];
  if (!ID.test(policy.id)) problems.push(`policy id '${policy.id}' must be 1-64 letters, digits, '.', '_' or '-'`);
  if (policy.objective === RoutingObjective.ROUTING_OBJECTIVE_UNSPECIFIED || policy.objective === RoutingObjective.UNRECOGNIZED) {
    problems.push(`policy ${policy.id}: objective must be cost, latency or reliability`);
  }
  if (new Set(policy.models).size !== policy.models.length) problems.push(`policy ${policy.id}: a model appears twice`);
  if (policy.regions.some((r) => !r.trim())) problems.push(`policy ${policy.id}: regions must not be empty`);
  if (new Set(policy.classes).size !== policy.classes.length) problems.push(`policy ${policy.id}: a class appears twice`);
  return problems;
}

export function validateExperiment(experiment: Experiment, refs: RoutingReferences): string[] {
  const problems: string[] = [];
  const what = `experiment ${experiment.id}`;
  if (!ID.test(experiment.id)) problems.push(`experiment id '${experiment.id}' must be 1-64 letters, digits, '.', '_' or '-'`);
  if (!refs.hasAlias(experiment.aliasId)) problems.push(`${what}: unknown alias '${experiment.aliasId}'`);
  if (experiment.arms.length === 0 || experiment.arms.length > MAX_ARMS) problems.push(`${what}: needs 1-${MAX_ARMS} arms`);
  const names = experiment.arms.map((a) => a.name);
  if (new Set(names).size !== names.length) problems.push(`${what}: arm names must be unique`);
  for (const arm of experiment.arms) {
    if (!ID.test(arm.name)) problems.push(`${what}: arm name '${arm.name}' must be 1-64 letters, digits, '.', '_' or '-'`);
    problems.push(...targetProblems(`${what} arm ${arm.name}`, arm.target, refs));
    if (arm.shadow && (!Number.isInteger(arm.shadowPercent) || arm.shadowPercent < 1 || arm.shadowPercent > 100)) {
      problems.push(`${what} arm ${arm.name}: a shadow arm needs a shadow percent of 1-100`);
    }
    if (!arm.shadow && (!Number.isInteger(arm.weight) || arm.weight < 0 || arm.weight > 10_000))
      problems.push(`${what} arm ${arm.name}: weight must be 0-10000`);
  }
  if (!experiment.arms.some((a) => !a.shadow && a.weight > 0)) problems.push(`${what}: needs at least one live arm with a positive weight`);
  return problems;
}

/** A chain step or arm target: "policy:<id>", a deployment id or a model name (not another alias: no nesting, no cycles). */
function targetProblems(what: string, target: string, refs: RoutingReferences): string[] {
  const policyId = policyIdOf(target);
  if (policyId !== undefined) return refs.hasPolicy(policyId) ? [] : [`${what}: unknown policy '${target}'`];
  if (refs.hasDeployment(target) || refs.hasModel(target)) return [];
  if (refs.hasAlias(target)) return [`${what}: '${target}' is an alias; chain steps and arms name models, deployments or policies`];
  return [`${what}: '${target}' is not a known model, deployment or policy`];
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
