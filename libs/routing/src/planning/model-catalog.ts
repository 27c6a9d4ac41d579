import type { Deployment, ModelListing, RequestContext } from '@switchyard/contracts';
import type { ConfigState } from '@switchyard/control-plane';
import { aliasesFor, usableBy } from '../config/routing-lookups';
import { allPolicies, POLICY_PREFIX } from '../policies/builtin-policies';

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
    const models = new Map<string, Deployment>();
    for (const d of this.config.enabledDeployments()) {
      if (context.allowedRegions.length > 0 && !context.allowedRegions.includes(d.region)) continue;
      if (!usableBy(d, context.tenantId)) continue;
      if (allowed(d.model) && !models.has(d.model)) models.set(d.model, d);
    }
    const listings: ModelListing[] = [...models.values()].map((d) => ({ id: d.model, kind: 'model', ownedBy: d.provider, createdUnix: 0 }));
    for (const a of aliasesFor(this.config, context.tenantId)) {
      if (allowed(a.id) && !models.has(a.id))
        listings.push({ id: a.id, kind: 'alias', ownedBy: 'switchyard', createdUnix: Math.floor(a.createdAtMs / 1000) });
    }
    for (const p of allPolicies(this.config)) {
      const id = `${POLICY_PREFIX}${p.id}`;
      if (allowed(id)) listings.push({ id, kind: 'policy', ownedBy: 'switchyard', createdUnix: Math.floor(p.createdAtMs / 1000) });
    }
    return listings.sort((a, b) => a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id));
  }
}
