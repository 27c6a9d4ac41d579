import type { BillingLine, BillingReport, FeatureMargin, PlanRevenue } from '@switchyard/contracts';

/** Spend of one plan, feature and deployment in a month, as the billing query returns it. */
export interface BillingSpendRow {
  readonly plan_id: string;
  readonly feature: string;
  readonly provider: string;
  readonly deployment_id: string;
  /** The public (catalog) model the deployment serves: what the line is billed under. */
  readonly model: string;
  readonly upstream_model: string;
  readonly requests: number;
  readonly attempts: number;
  readonly input_tokens: number;
  readonly output_tokens: number;
  readonly cost_micro_usd: number;
  readonly shadow_cost_micro_usd: number;
}

/**
 * The month's bill for one tenant: spend per feature and model, and gross
 * margin per feature where a plan declares its customer price. A plan's price
 * is revenue once per tenant and month it was used in, allocated to features by
 * their share of that plan's requests (attempts if it had none), with the
 * integer remainder going to the largest share so totals stay exact.
 */
export function buildBillingReport(
  tenantId: string,
  month: string,
  rows: readonly BillingSpendRow[],
  planPrice: (planId: string) => number,
): BillingReport {
  const lines = new Map<string, BillingLine>();
  const planUse = new Map<string, Map<string, number>>();
  const planAttempts = new Map<string, Map<string, number>>();
  const featureCost = new Map<string, number>();
  for (const r of rows) {
    // Per deployment and public model: two deployments sharing an upstream name are two lines.
    const key = `${r.feature}\u0000${r.provider}\u0000${r.deployment_id}\u0000${r.model}\u0000${r.upstream_model}`;
    const line = lines.get(key) ?? {
      feature: r.feature,
      provider: r.provider,
      model: r.model,
      deploymentId: r.deployment_id,
      upstreamModel: r.upstream_model,
      requests: 0,
      attempts: 0,
      inputTokens: 0,
      outputTokens: 0,
      costMicroUsd: 0,
      shadowCostMicroUsd: 0,
    };
    line.requests += r.requests;
    line.attempts += r.attempts;
    line.inputTokens += r.input_tokens;
    line.outputTokens += r.output_tokens;
    line.costMicroUsd += r.cost_micro_usd;
    line.shadowCostMicroUsd += r.shadow_cost_micro_usd;
    lines.set(key, line);
    add(planUse, r.plan_id, r.feature, r.requests);
    add(planAttempts, r.plan_id, r.feature, r.attempts);
    featureCost.set(r.feature, (featureCost.get(r.feature) ?? 0) + r.cost_micro_usd);
  }
  const revenue = new Map<string, number>();
  const pricedFeatures = new Set<string>();
  const plans: PlanRevenue[] = [];
  for (const [planId, byFeature] of planUse) {
    const price = Math.max(0, planPrice(planId));
    const requests = sum(byFeature);
    plans.push({ planId, customerPriceMicroUsdPerMonth: price, requests });
    if (price === 0) continue;
    const weights = requests > 0 ? byFeature : planAttempts.get(planId)!;
    for (const [feature, share] of allocate(price, weights)) {
      revenue.set(feature, (revenue.get(feature) ?? 0) + share);
      pricedFeatures.add(feature);
    }
  }
  const features: FeatureMargin[] = [...featureCost.keys()].sort().map((feature) => {
    const cost = featureCost.get(feature) ?? 0;
    const rev = revenue.get(feature) ?? 0;
    const margin = rev - cost;
    return {
      feature,
      costMicroUsd: cost,
      revenueMicroUsd: rev,
      grossMarginMicroUsd: margin,
      grossMarginBps: rev > 0 ? Math.round((margin * 10_000) / rev) : 0,
      priced: pricedFeatures.has(feature),
    };
  });
  const sortedLines = [...lines.values()].sort(
    (a, b) => a.feature.localeCompare(b.feature) || b.costMicroUsd - a.costMicroUsd || a.model.localeCompare(b.model),
  );
  return {
    tenantId,
    month,
    lines: sortedLines,
    features,
    plans: plans.sort((a, b) => a.planId.localeCompare(b.planId)),
    totalCostMicroUsd: sortedLines.reduce((s, l) => s + l.costMicroUsd, 0),
    totalRevenueMicroUsd: [...revenue.values()].reduce((s, v) => s + v, 0),
  };
}

/** Splits `amount` by weight in integers (largest remainder), exact in total. */
export function allocate(amount: number, weights: ReadonlyMap<string, number>): Map<string, number> {
  const total = sum(weights);
  const out = new Map<string, number>();
  if (total <= 0) return out;
  const parts = [...weights].map(([k, w]) => {
    const scaled = BigInt(amount) * BigInt(w);
    return { k, base: Number(scaled / BigInt(total)), rest: Number(scaled % BigInt(total)) };
  });
  let left = amount - parts.reduce((s, p) => s + p.base, 0);
  parts.sort((a, b) => b.rest - a.rest || a.k.localeCompare(b.k));
  for (const p of parts) {
    out.set(p.k, p.base + (left > 0 ? 1 : 0));
    if (left > 0) left -= 1;
  }
  return out;
}

function add(map: Map<string, Map<string, number>>, outer: string, inner: string, value: number): void {
  let m = map.get(outer);
  if (!m) map.set(outer, (m = new Map()));
  m.set(inner, (m.get(inner) ?? 0) + value);
}

function sum(m: ReadonlyMap<string, number>): number {
  let s = 0;
  for (const v of m.values()) s += v;
  return s;
}
