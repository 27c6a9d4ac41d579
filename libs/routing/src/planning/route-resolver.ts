import { ErrorClass, RoutingObjective } from '@switchyard/contracts';
import type { Alias, Deployment, ErrorInfo, RequestContext, RoutingPolicy } from '@switchyard/contracts';
import type { ConfigState } from '@switchyard/control-plane';
import type { PriceResolver } from '@switchyard/pricing';
import { deploymentsNamed, findAlias, findExperiment, usableBy } from '../config/routing-lookups';
import { assignArm, shadowArmsFor } from '../experiments/arm-assignment';
import { findPolicy, policyIdOf } from '../policies/builtin-policies';
import { FiguresOf, rankDeployments } from '../policies/rank-deployments';
import type { RequestEstimate } from '../policies/request-estimate';
import type { CapabilityName } from './required-capabilities';
import { candidateSet, inRankOrder } from './candidate-set';
import { dedupe, Eligibility, eligibleDeployments, PlanResult, refuse, ShadowTarget } from './route-plan';

type Refusal = Extract<Eligibility, { ok: false }>;
type PolicyPool = { readonly ok: true; readonly eligible: Deployment[]; readonly models: readonly string[] } | Refusal;

export interface RouteQuery {
  /** The model, alias or policy to route (after the feature's route and any gate decision). */
  readonly name: string;
  readonly context: RequestContext;
  readonly needs: readonly CapabilityName[];
  readonly estimate: RequestEstimate;
}

/**
 * Turns the name a request routes to into an ordered list of deployments:
 * a policy ranks the eligible deployments of its candidate set (one model
 * class, see candidate-set.ts) by its objective; an alias walks
 * its fallback chain (ranking deployments of the same step by the alias's
 * policy), after the caller's experiment arm when the alias is split; a model
 * ranks its own deployments by the default policy.
 */
export class RouteResolver {
  constructor(
    private readonly config: ConfigState,
    private readonly figuresOf: FiguresOf,
    private readonly defaultPolicy: string,
    private readonly prices: PriceResolver,
  ) {}

  /** The name a request routes to: the feature's configured route when it has one, else the request's model. */
  routeName(model: string, context: RequestContext): string {
    const route = context.feature ? this.config.feature(context.tenantId, context.feature)?.route : undefined;
    return route || model;
  }

  /** A refusal when the caller's key or plan does not allow `name`; never swaps in something else. */
  refusal(name: string, context: RequestContext): ErrorInfo | undefined {
    if (context.allowedModels.length > 0 && !context.allowedModels.includes(name)) {
      return refuse(ErrorClass.ERROR_CLASS_PERMISSION_DENIED, `Your API key is not allowed to use the model '${name}'.`, 'model').error;
    }
    const plan = context.planId ? this.config.plans.get(context.planId) : undefined;
    // A plan that does not exist (deleted, or never created) must not lift the allow-list: fail closed.
    if (context.planId && !plan) {
      return refuse(
        ErrorClass.ERROR_CLASS_PERMISSION_DENIED,
        `Your plan '${context.planId}' is not configured, so no model can be used; ask the platform operator to fix the tenant's plan.`,
        'model',
      ).error;
    }
    if (plan && plan.allowedModels.length > 0 && !plan.allowedModels.includes(name)) {
      const allowed = plan.allowedModels.slice(0, 10).join(', ');
      return refuse(
        ErrorClass.ERROR_CLASS_PERMISSION_DENIED,
        `The model '${name}' is not available on your plan '${plan.name || plan.id}'. Models on your plan: ${allowed}.`,
        'model',
      ).error;
    }
    return undefined;
  }

  resolve(query: RouteQuery): PlanResult {
    const policyId = policyIdOf(query.name);
    if (policyId !== undefined) return this.resolvePolicy(policyId, query);
    const alias = findAlias(this.config, query.context.tenantId, query.name);
    if (alias) return this.resolveAlias(alias, query);
    const policy = this.policy(this.defaultPolicy);
    const eligible = eligibleDeployments(
      query.name,
      deploymentsNamed(this.config, query.name, query.context.tenantId),
      query.context,
      query.needs,
    );
    if (!eligible.ok) return eligible;
    return {
      ok: true,
      plan: {
        candidates: this.rank(eligible.eligible, policy, query),
        candidateModels: [],
        policy: policy.id,
        alias: '',
        arm: '',
        shadows: [],
      },
    };
  }

  private resolvePolicy(id: string, query: RouteQuery): PlanResult {
    const policy = findPolicy(this.config, id);
    if (!policy) return refuse(ErrorClass.ERROR_CLASS_NOT_FOUND, `The routing policy 'policy:${id}' does not exist.`, 'model');
    const pool = this.policyPool(policy, query);
    if (!pool.ok) return pool;
    const ranked = this.rank(pool.eligible, policy, query);
    return {
      ok: true,
      plan: { candidates: ranked, candidateModels: inRankOrder(pool.models, ranked), policy: policy.id, alias: '', arm: '', shadows: [] },
    };
  }

  /** The policy's candidate set (one model class, never more), then what of it may serve this request. */
  private policyPool(policy: RoutingPolicy, query: RouteQuery): PolicyPool {
    const name = `policy:${policy.id}`;
    const { context } = query;
    if (policy.requireAllowedRegions && context.allowedRegions.length === 0) {
      return refuse(
        ErrorClass.ERROR_CLASS_PERMISSION_DENIED,
        `'${name}' needs the allowed regions of your tenant or API key, and none are declared.`,
        'model',
      );
    }
    // A cost-ranked policy cannot rank a deployment without a price: it is left out until it has one.
    const byCost = policy.objective === RoutingObjective.ROUTING_OBJECTIVE_COST;
    const endpoint = endpointOf(query.needs);
    const plan = context.planId ? this.config.plans.get(context.planId) : undefined;
    const set = candidateSet({
      name,
      policy,
      // Only what serves this kind of endpoint: an embedding or moderation model is never a chat candidate, whatever its class.
      deployments: [...this.config.deployments.values()].filter(
        (d) => d.enabled && d.capabilities?.[endpoint] === true && usableBy(d, context.tenantId) && (!byCost || this.prices.isPriced(d)),
      ),
      allowLists: [
        { owner: 'your API key', entries: context.allowedModels },
        ...(plan ? [{ owner: `your plan '${plan.name || plan.id}'`, entries: plan.allowedModels }] : []),
      ],
      isAlias: (entry) => findAlias(this.config, context.tenantId, entry) !== undefined,
    });
    if (!set.ok) return set;
    const eligible = eligibleDeployments(name, set.deployments, context, query.needs);
    return eligible.ok ? { ...eligible, models: set.models } : eligible;
  }

  private resolveAlias(alias: Alias, query: RouteQuery): PlanResult {
    const policy = this.policy(alias.policy || this.defaultPolicy);
    const chain: Deployment[] = [];
    let firstRefusal: Eligibility | undefined;
    for (const step of alias.chain) {
      const expanded = this.expand(step, policy, query);
      if (expanded.ok) chain.push(...expanded.eligible);
      else if (spansClasses(expanded)) return aliasRefusal(alias, expanded);
      else firstRefusal ??= expanded;
    }
    if (chain.length === 0) {
      if (firstRefusal && !firstRefusal.ok && firstRefusal.error.errorClass !== ErrorClass.ERROR_CLASS_NOT_FOUND) {
        return aliasRefusal(alias, firstRefusal);
      }
      return refuse(
        ErrorClass.ERROR_CLASS_NO_DEPLOYMENT,
        `The alias '${alias.id}' has no deployment that can serve this request.`,
        'model',
      );
    }
    const experiment = findExperiment(this.config, query.context.tenantId, alias.id);
    let arm = '';
    let armCandidates: Deployment[] = [];
    const shadows: ShadowTarget[] = [];
    if (experiment) {
      const assigned = assignArm(
        experiment,
        query.context.tenantId,
        // The pseudonym, so a tenant's PII mode never moves a user to another arm.
        query.context.endUserPseudonym || query.context.endUser,
        query.context.requestId,
      );
      const expanded = assigned ? this.expand(assigned.target, policy, query) : undefined;
      if (expanded && spansClasses(expanded)) return aliasRefusal(alias, expanded);
      // An arm that cannot serve this request (say, no tool calling) leaves it to the chain, outside the experiment.
      if (assigned && expanded?.ok) {
        arm = assigned.name;
        armCandidates = expanded.eligible;
      }
      const shadowNeeds = query.needs.filter((n) => n !== 'streaming');
      for (const shadowArm of shadowArmsFor(experiment, query.context.requestId)) {
        const target = this.expand(shadowArm.target, policy, { ...query, needs: shadowNeeds });
        if (target.ok && target.eligible[0]) shadows.push({ arm: shadowArm.name, deployment: target.eligible[0] });
      }
    }
    return {
      ok: true,
      plan: { candidates: dedupe([...armCandidates, ...chain]), candidateModels: [], policy: policy.id, alias: alias.id, arm, shadows },
    };
  }

  /** One chain step or arm target: a policy's ranking, a deployment, or a model's deployments ranked by `policy`. */
  private expand(step: string, policy: RoutingPolicy, query: RouteQuery): Eligibility {
    const stepPolicyId = policyIdOf(step);
    if (stepPolicyId !== undefined) {
      const stepPolicy = findPolicy(this.config, stepPolicyId);
      if (!stepPolicy) return refuse(ErrorClass.ERROR_CLASS_NOT_FOUND, `The routing policy '${step}' does not exist.`, 'model');
      const pool = this.policyPool(stepPolicy, query);
      return pool.ok ? { ok: true, eligible: this.rank(pool.eligible, stepPolicy, query) } : pool;
    }
    const eligible = eligibleDeployments(step, deploymentsNamed(this.config, step, query.context.tenantId), query.context, query.needs);
    return eligible.ok ? { ok: true, eligible: this.rank(eligible.eligible, policy, query) } : eligible;
  }

  private rank(deployments: readonly Deployment[], policy: RoutingPolicy, query: RouteQuery): Deployment[] {
    return rankDeployments(deployments, policy.objective, this.figuresOf, query.estimate, (d) => this.prices.priceOfDeployment(d));
  }

  private policy(id: string): RoutingPolicy {
    return findPolicy(this.config, id) ?? findPolicy(this.config, 'reliable')!;
  }
}

/** A policy step that would rank across model classes is a configuration error: loud, never skipped for the next step. */
function spansClasses(expanded: Eligibility): expanded is Refusal {
  return !expanded.ok && expanded.error.errorClass === ErrorClass.ERROR_CLASS_INVALID_REQUEST;
}

function aliasRefusal(alias: Alias, refusal: Refusal): PlanResult {
  return refuse(
    refusal.error.errorClass,
    `The alias '${alias.id}' cannot serve this request: ${refusal.error.message}`,
    refusal.error.param,
  );
}

/** The capability that names the kind of endpoint a request is for. */
function endpointOf(needs: readonly CapabilityName[]): CapabilityName {
  for (const kind of ['embeddings', 'moderation', 'transcription', 'speech', 'imageGeneration'] as const)
    if (needs.includes(kind)) return kind;
  return 'chat';
}
