import type { Alias, Deployment, ModelListing, RequestContext, RoutingPolicy } from '@switchyard/contracts';
import type { ConfigState } from '@switchyard/control-plane';
import { aliasesFor, findAlias, usableBy } from '../config/routing-lookups';
import { allPolicies, findPolicy, POLICY_PREFIX, policyIdOf } from '../policies/builtin-policies';
import { modelClassOf } from './candidate-set';
import { endpointsServed } from './model-endpoints';

/** What a caller can name as `model`: the models served in its regions, its aliases and the policies, within its allow-lists. */
export class ModelCatalog {
  constructor(private readonly config: ConfigState) {}

  listModels(context: RequestContext): ModelListing[] {
    const plan = context.planId ? this.config.plans.get(context.planId) : undefined;
    // An unknown plan allows nothing (the router refuses its requests too).
    const allowed = (name: string): boolean =>
      !(context.planId && !plan) &&
      (context.allowedModels.length === 0 || context.allowedModels.includes(name)) &&
      (!plan || plan.allowedModels.length === 0 || plan.allowedModels.includes(name));
    const reachable = this.config
      .enabledDeployments()
      .filter((d) => (context.allowedRegions.length === 0 || context.allowedRegions.includes(d.region)) && usableBy(d, context.tenantId));
    const models = new Map<string, Deployment[]>();
    for (const d of reachable) if (allowed(d.model)) models.set(d.model, [...(models.get(d.model) ?? []), d]);
    const listing = (id: string, kind: string, ownedBy: string, createdUnix: number, served: readonly Deployment[]): ModelListing => ({
      id,
      kind,
      ownedBy,
      createdUnix,
      endpoints: endpointsServed(served.map((d) => d.capabilities)),
    });
    const listings = [...models.entries()].map(([id, ds]) => listing(id, 'model', ds[0]?.provider ?? '', 0, ds));
    for (const a of aliasesFor(this.config, context.tenantId)) {
      if (allowed(a.id) && !models.has(a.id))
        listings.push(
          listing(a.id, 'alias', 'switchyard', Math.floor(a.createdAtMs / 1000), this.aliasReach(a, reachable, context.tenantId)),
        );
    }
    for (const p of allPolicies(this.config)) {
      const id = `${POLICY_PREFIX}${p.id}`;
      if (allowed(id)) listings.push(listing(id, 'policy', 'switchyard', Math.floor(p.createdAtMs / 1000), policyReach(p, reachable)));
    }
    return listings.sort((a, b) => a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id));
  }

  /** The deployments an alias's chain can land on: its steps' models or deployment ids, and what its policy steps rank. */
  private aliasReach(alias: Alias, reachable: readonly Deployment[], tenantId: string, seen = new Set<string>()): Deployment[] {
    seen.add(alias.id);
    return alias.chain.flatMap((step) => {
      const policyId = policyIdOf(step);
      if (policyId !== undefined) {
        const policy = findPolicy(this.config, policyId);
        return policy ? policyReach(policy, reachable) : [];
      }
      const nested = findAlias(this.config, tenantId, step);
      if (nested && !seen.has(nested.id)) return this.aliasReach(nested, reachable, tenantId, seen);
      return reachable.filter((d) => d.id === step || d.model === step);
    });
  }
}

/** The deployments a policy can rank, narrowed by its own models, classes and regions (as the candidate set is). */
function policyReach(policy: RoutingPolicy, reachable: readonly Deployment[]): Deployment[] {
  return reachable.filter(
    (d) =>
      (policy.models.length === 0 || policy.models.includes(d.model)) &&
      (policy.classes.length === 0 || policy.classes.includes(modelClassOf(d))) &&
      (policy.regions.length === 0 || policy.regions.includes(d.region)),
  );
}
