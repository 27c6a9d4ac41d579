import { ErrorClass } from '@switchyard/contracts';
import type { Deployment, ErrorInfo, RoutingPolicy } from '@switchyard/contracts';
import { POLICY_PREFIX } from '../policies/builtin-policies';
import { refuse } from './route-plan';

/** A key's or a plan's allow-list, as the caller is told about it when it narrows a policy to nothing. */
export interface AllowList {
  /** "your API key", "your plan 'pro'". */
  readonly owner: string;
  /** Names, aliases and policies, as stored. */
  readonly entries: readonly string[];
}

export interface CandidateSetInput {
  /** What the caller asked for ("policy:fastest"), for the messages. */
  readonly name: string;
  readonly policy: RoutingPolicy;
  /** Deployments the policy could rank at all: enabled, usable by the tenant, priced when it ranks by cost. */
  readonly deployments: readonly Deployment[];
  readonly allowLists: readonly AllowList[];
  /** Whether an allow-list entry names an alias: aliases and policies do not narrow models. */
  readonly isAlias: (entry: string) => boolean;
}

/** The public models a policy ranks within (sorted, so independent of any ranking), and their deployments. */
export type CandidateSet =
  | { readonly ok: true; readonly models: readonly string[]; readonly deployments: readonly Deployment[] }
  | { readonly ok: false; readonly error: ErrorInfo };

/** A deployment's model class; without one, its public model is a class of its own. */
export function modelClassOf(deployment: Deployment): string {
  return deployment.modelClass || deployment.model;
}

/**
 * The model entries of an allow-list: what is neither a policy nor an alias.
 * A list with none (empty, or only aliases and policies) does not narrow models;
 * a name that is no model at all still counts, so a stale entry fails closed.
 */
export function modelEntries(entries: readonly string[], isAlias: (entry: string) => boolean): string[] {
  return entries.filter((entry) => !entry.startsWith(POLICY_PREFIX) && !isAlias(entry));
}

/**
 * What a policy may pick for this caller: the deployments it can rank, narrowed
 * by the policy's own models, classes and regions, then by the model entries of
 * the key's and the plan's allow-lists. It never spans two model classes: a
 * policy asked for "fastest" must not answer with an unrelated model that is
 * merely faster, so such a set is refused rather than ranked.
 */
export function candidateSet(input: CandidateSetInput): CandidateSet {
  const { name, policy } = input;
  let pool = input.deployments.filter(
    (d) =>
      (policy.models.length === 0 || policy.models.includes(d.model)) &&
      (policy.classes.length === 0 || policy.classes.includes(modelClassOf(d))) &&
      (policy.regions.length === 0 || policy.regions.includes(d.region)),
  );
  if (pool.length === 0) {
    return refuse(ErrorClass.ERROR_CLASS_NOT_FOUND, `The routing policy '${name}' has no deployment to choose from.`, 'model');
  }
  for (const list of input.allowLists) {
    const allowed = modelEntries(list.entries, input.isAlias);
    if (allowed.length === 0) continue;
    const before = modelsOf(pool);
    pool = pool.filter((d) => allowed.includes(d.model) || allowed.includes(d.id));
    if (pool.length === 0) {
      return refuse(
        ErrorClass.ERROR_CLASS_PERMISSION_DENIED,
        `None of the models '${name}' chooses from (${listed(before)}) is allowed by ${list.owner} (allowed: ${listed(allowed)}).`,
        'model',
      );
    }
  }
  const classes = classesOf(pool);
  if (classes.size > 1) {
    const spans = [...classes.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([cls, models]) => `'${cls}' (${listed([...models])})`)
      .join(', ');
    return refuse(
      ErrorClass.ERROR_CLASS_INVALID_REQUEST,
      `'${name}' would rank models of different classes: ${spans}. A policy never switches model class. ` +
        'Name a model, list models or classes on a configured routing policy, or set model_class on the deployments that are interchangeable.',
      'model',
    );
  }
  return { ok: true, models: modelsOf(pool), deployments: pool };
}

/** The candidate set for the trace: models in the order their best deployment ranked, then those left out of this request. */
export function inRankOrder(models: readonly string[], ranked: readonly Deployment[]): string[] {
  const ordered = [...new Set(ranked.map((d) => d.model))];
  return [...ordered, ...models.filter((m) => !ordered.includes(m))];
}

function modelsOf(deployments: readonly Deployment[]): string[] {
  return [...new Set(deployments.map((d) => d.model))].sort();
}

function classesOf(deployments: readonly Deployment[]): Map<string, Set<string>> {
  const classes = new Map<string, Set<string>>();
  for (const d of deployments) {
    const cls = modelClassOf(d);
    const models = classes.get(cls) ?? new Set<string>();
    models.add(d.model);
    classes.set(cls, models);
  }
  for (const [cls, models] of classes) classes.set(cls, new Set([...models].sort()));
  return classes;
}

/** At most ten names, so a large catalog does not flood the message. */
function listed(names: readonly string[]): string {
  const shown = names.slice(0, 10).join(', ');
  return names.length > 10 ? `${shown}, and ${names.length - 10} more` : shown;
}
