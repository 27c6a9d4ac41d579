import { ScopeKind } from '@switchyard/contracts';
import type { Budget, QuotaScope, RequestContext } from '@switchyard/contracts';

/**
 * The scope instance a budget counts for a request, or undefined when the
 * budget does not apply to it. A PLAN budget without a tenant applies to every
 * tenant on the plan, each with its own counter.
 */
export function scopeFor(
  budget: Budget,
  context: Pick<RequestContext, 'tenantId' | 'feature' | 'planId' | 'apiKeyId'>,
): QuotaScope | undefined {
  switch (budget.scope) {
    case ScopeKind.SCOPE_KIND_TENANT:
      return context.tenantId === budget.tenantId ? scope(ScopeKind.SCOPE_KIND_TENANT, context.tenantId) : undefined;
    case ScopeKind.SCOPE_KIND_FEATURE:
      return context.tenantId === budget.tenantId && context.feature === budget.feature
        ? scope(ScopeKind.SCOPE_KIND_FEATURE, context.tenantId, { feature: context.feature })
        : undefined;
    case ScopeKind.SCOPE_KIND_PLAN:
      if (context.planId !== budget.planId) return undefined;
      if (budget.tenantId !== '' && budget.tenantId !== context.tenantId) return undefined;
      return scope(ScopeKind.SCOPE_KIND_PLAN, context.tenantId, { planId: context.planId });
    case ScopeKind.SCOPE_KIND_API_KEY:
      return context.apiKeyId === budget.apiKeyId && context.tenantId === budget.tenantId
        ? scope(ScopeKind.SCOPE_KIND_API_KEY, context.tenantId, { apiKeyId: context.apiKeyId })
        : undefined;
    default:
      return undefined;
  }
}

export function scope(
  kind: ScopeKind,
  tenantId: string,
  fields: Partial<Pick<QuotaScope, 'feature' | 'planId' | 'apiKeyId'>> = {},
): QuotaScope {
  return { kind, tenantId, feature: fields.feature ?? '', planId: fields.planId ?? '', apiKeyId: fields.apiKeyId ?? '' };
}

/** A stable text key of a scope instance: "tenant:t1", "feature:t1/f", "plan:t1/pro", "key:t1/key_1". */
export function scopeKey(s: QuotaScope): string {
  switch (s.kind) {
    case ScopeKind.SCOPE_KIND_TENANT:
      return `tenant:${s.tenantId}`;
    case ScopeKind.SCOPE_KIND_FEATURE:
      return `feature:${s.tenantId}/${s.feature}`;
    case ScopeKind.SCOPE_KIND_PLAN:
      return `plan:${s.tenantId}/${s.planId}`;
    case ScopeKind.SCOPE_KIND_API_KEY:
      return `key:${s.tenantId}/${s.apiKeyId}`;
    default:
      return `unknown:${s.tenantId}`;
  }
}

/** Every scope key a request falls under; decisions and grants are looked up by these. */
export function scopeKeysOf(context: Pick<RequestContext, 'tenantId' | 'feature' | 'planId' | 'apiKeyId'>): string[] {
  const keys = [`tenant:${context.tenantId}`];
  if (context.feature) keys.push(`feature:${context.tenantId}/${context.feature}`);
  if (context.planId) keys.push(`plan:${context.tenantId}/${context.planId}`);
  if (context.apiKeyId) keys.push(`key:${context.tenantId}/${context.apiKeyId}`);
  return keys;
}
