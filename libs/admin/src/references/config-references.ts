import { ScopeKind, TenantStatus } from '@switchyard/contracts';
import type { ApiKey } from '@switchyard/contracts';
import { credentialRef } from '@switchyard/control-plane';
import type { ConfigState } from '@switchyard/control-plane';
import { BUILTIN_POLICIES, POLICY_PREFIX } from '@switchyard/routing';

/** Something that can be deleted while other entities still name it. */
export type ReferenceTarget =
  | { readonly kind: 'deployment'; readonly id: string }
  | { readonly kind: 'provider_credential'; readonly tenantId: string; readonly id: string }
  | { readonly kind: 'alias'; readonly tenantId: string; readonly id: string }
  | { readonly kind: 'routing_policy'; readonly id: string }
  | { readonly kind: 'plan'; readonly id: string }
  | { readonly kind: 'feature'; readonly tenantId: string; readonly id: string }
  | { readonly kind: 'alert_webhook'; readonly tenantId: string; readonly id: string };

/** One entity that names the target, and the field that does (the wire shape of 409 and dry-run answers). */
export interface ConfigReference {
  /** Entity kind as the audit log and config keys spell it: alias, experiment, feature, plan, api_key, budget, ... */
  readonly kind: string;
  readonly id: string;
  /** The referrer's owner; '' for platform-wide entities. */
  readonly tenant_id: string;
  /** The field of the referrer that holds the name, e.g. "chain", "arms[control].target", "allowed_models". */
  readonly field: string;
}

/** Which names (as features, allow-lists, chains and arms spell them) stop resolving for which tenants. */
interface Vanishing {
  readonly names: ReadonlySet<string>;
  /** Whether a referrer of this tenant ('' = platform-wide referrer) loses the name. */
  readonly affects: (tenantId: string) => boolean;
}

const everyone = () => true;

/**
 * Every live entity that still names `target`: what a delete would leave
 * dangling. Pure: the same state gives the same list, in config order. A name
 * that something else still provides (another deployment of the same model, a
 * platform alias behind a tenant's own, a built-in policy behind a configured
 * one) is not lost, so what names it is not reported.
 */
export function findReferences(state: ConfigState, target: ReferenceTarget, nowMs: number): ConfigReference[] {
  switch (target.kind) {
    case 'plan':
      return planReferences(state, target.id, nowMs);
    case 'provider_credential': {
      const ref = credentialRef(target.tenantId, target.id);
      return [...state.deployments.values()]
        .filter((d) => d.credentialRef === ref)
        .map((d) => ({ kind: 'deployment', id: d.id, tenant_id: '', field: 'credential_id' }));
    }
    case 'feature':
      return [
        ...liveKeys(state, nowMs)
          .filter((k) => k.tenantId === target.tenantId && k.features.includes(target.id))
          .map((k) => ref('api_key', k.id, k.tenantId, 'features')),
        ...[...state.budgets.values()]
          .filter((b) => b.tenantId === target.tenantId && b.scope === ScopeKind.SCOPE_KIND_FEATURE && b.feature === target.id)
          .map((b) => ref('budget', b.id, b.tenantId, 'feature')),
      ];
    case 'alert_webhook': {
      const planId = state.tenants.get(target.tenantId)?.planId ?? '';
      return [...state.budgets.values()]
        .filter((b) => b.alertWebhookId === target.id && (b.tenantId === target.tenantId || (b.tenantId === '' && b.planId === planId)))
        .map((b) => ref('budget', b.id, b.tenantId, 'alert_webhook_id'));
    }
    case 'deployment':
    case 'alias':
    case 'routing_policy':
      return nameReferences(state, vanishing(state, target), target, nowMs);
  }
}

function vanishing(state: ConfigState, target: Extract<ReferenceTarget, { kind: 'deployment' | 'alias' | 'routing_policy' }>): Vanishing {
  if (target.kind === 'deployment') {
    const deployment = state.deployments.get(target.id);
    const names = new Set([target.id]);
    // The model name is lost only with its last deployment.
    if (deployment && ![...state.deployments.values()].some((d) => d.id !== target.id && d.model === deployment.model))
      names.add(deployment.model);
    return { names, affects: everyone };
  }
  if (target.kind === 'routing_policy') {
    const builtIn = BUILTIN_POLICIES.some((p) => p.id === target.id);
    return { names: new Set(builtIn ? [] : [`${POLICY_PREFIX}${target.id}`]), affects: everyone };
  }
  const names = new Set([target.id]);
  if (target.tenantId !== '') {
    const platformFallback = state.aliases.has(`/${target.id}`);
    return { names: platformFallback ? new Set<string>() : names, affects: (t) => t === target.tenantId };
  }
  // A tenant with its own alias of that id never used the platform's.
  return { names, affects: (t) => t === '' || !state.aliases.has(`${t}/${target.id}`) };
}

/** Names in routes, allow-lists, chains, arms, policies and downgrades. */
function nameReferences(state: ConfigState, lost: Vanishing, target: ReferenceTarget, nowMs: number): ConfigReference[] {
  if (lost.names.size === 0) return [];
  const hits = (name: string) => lost.names.has(name);
  const out: ConfigReference[] = [];
  for (const a of state.aliases.values()) {
    if (target.kind === 'alias' && a.id === target.id && a.tenantId === target.tenantId) continue;
    if (!lost.affects(a.tenantId)) continue;
    if (a.chain.some(hits)) out.push(ref('alias', a.id, a.tenantId, 'chain'));
    if (target.kind === 'routing_policy' && a.policy === target.id) out.push(ref('alias', a.id, a.tenantId, 'policy'));
  }
  for (const x of state.experiments.values()) {
    if (!lost.affects(x.tenantId)) continue;
    if (target.kind === 'alias' && x.aliasId === target.id && aliasApplies(state, target, x.tenantId))
      out.push(ref('experiment', x.id, x.tenantId, 'alias_id'));
    for (const arm of x.arms) if (hits(arm.target)) out.push(ref('experiment', x.id, x.tenantId, `arms[${arm.name}].target`));
  }
  for (const p of state.routingPolicies.values())
    if (target.kind === 'deployment' && p.models.some(hits)) out.push(ref('routing_policy', p.id, '', 'models'));
  for (const f of state.features.values())
    if (lost.affects(f.tenantId) && hits(f.route)) out.push(ref('feature', f.id, f.tenantId, 'route'));
  for (const p of state.plans.values())
    if (planAffected(state, lost, p.id) && p.allowedModels.some(hits)) out.push(ref('plan', p.id, '', 'allowed_models'));
  for (const k of liveKeys(state, nowMs))
    if (lost.affects(k.tenantId) && k.allowedModels.some(hits)) out.push(ref('api_key', k.id, k.tenantId, 'allowed_models'));
  for (const b of state.budgets.values())
    if ((b.tenantId === '' ? planAffected(state, lost, b.planId) : lost.affects(b.tenantId)) && hits(b.downgradeTo))
      out.push(ref('budget', b.id, b.tenantId, 'downgrade_to'));
  return out;
}

/** An experiment of this tenant scope splits the target alias (a tenant's experiment splits its own alias when it has one). */
function aliasApplies(state: ConfigState, target: { tenantId: string; id: string }, experimentTenant: string): boolean {
  if (target.tenantId !== '') return experimentTenant === target.tenantId;
  return experimentTenant === '' || !state.aliases.has(`${experimentTenant}/${target.id}`);
}

/** A plan is cross-tenant: it loses the name when any live tenant on it (or, for platform names, the plan itself) does. */
function planAffected(state: ConfigState, lost: Vanishing, planId: string): boolean {
  if (lost.affects('')) return true;
  return [...state.tenants.values()].some(
    (t) => t.planId === planId && t.status !== TenantStatus.TENANT_STATUS_DELETED && lost.affects(t.id),
  );
}

function planReferences(state: ConfigState, planId: string, nowMs: number): ConfigReference[] {
  return [
    ...[...state.tenants.values()]
      .filter((t) => t.planId === planId && t.status !== TenantStatus.TENANT_STATUS_DELETED)
      .map((t) => ref('tenant', t.id, t.id, 'plan_id')),
    ...liveKeys(state, nowMs)
      .filter((k) => k.planId === planId)
      .map((k) => ref('api_key', k.id, k.tenantId, 'plan_id')),
    ...[...state.budgets.values()].filter((b) => b.planId === planId).map((b) => ref('budget', b.id, b.tenantId, 'plan_id')),
  ];
}

/** Revoked keys name nothing any more: they can never be used again. */
function liveKeys(state: ConfigState, nowMs: number): ApiKey[] {
  return [...state.apiKeys.values()].filter((k) => k.revokedAtMs === 0 || k.revokedAtMs > nowMs);
}

function ref(kind: string, id: string, tenantId: string, field: string): ConfigReference {
  return { kind, id, tenant_id: tenantId, field };
}

const LABELS: Record<string, string> = { api_key: 'API key', routing_policy: 'routing policy', alert_webhook: 'alert webhook' };

/** "alias 'chat' (chain)", "API key 'key_1' of tenant 'ten_a' (allowed_models)": how a 409 names a referrer. */
export function describeReference(r: ConfigReference): string {
  const owner = r.tenant_id && r.kind !== 'tenant' ? ` of tenant '${r.tenant_id}'` : '';
  return `${LABELS[r.kind] ?? r.kind} '${r.id}'${owner} (${r.field})`;
}
