import { RoutingObjective } from '@switchyard/contracts';
import type { Deployment } from '@switchyard/contracts';
import { costNanoUsd } from '@switchyard/pricing';
import type { TokenPrice } from '@switchyard/pricing';
import type { DeploymentFigures } from '../health/deployment-health';
import type { RequestEstimate } from './request-estimate';

export type FiguresOf = (deploymentId: string) => DeploymentFigures;
/** The price the deployment's attempts are billed at (the pricing library's resolver); undefined: unpriced. */
export type PriceOf = (deployment: Deployment) => TokenPrice | undefined;

/** Enough recent attempts for an error rate to mean something. */
const MIN_SAMPLES_FOR_DEGRADED = 5;
const DEGRADED_ERROR_RATE = 0.5;

/** An unpriced deployment ranks after every priced one on cost: it is never "cheapest". */
const UNPRICED_COST = Number.MAX_SAFE_INTEGER;

/** Expected price of the request at this price, in nano-USD (for ordering only); undefined when unpriced. */
export function expectedCost(price: TokenPrice | undefined, estimate: RequestEstimate): number | undefined {
  if (!price) return undefined;
  return costNanoUsd(
    { inputTokens: estimate.inputTokens, outputTokens: estimate.outputTokens, cachedInputTokens: 0, cacheWriteTokens: 0 },
    price,
  );
}

/**
 * Orders deployments best first for an objective. Whatever the objective, a
 * half-open deployment comes first (its breaker lets exactly one probe
 * through, and without traffic it would never close again; a failed probe
 * costs one instant failover), deployments failing most of their recent
 * attempts sink below healthy ones, and open breakers go last (they are
 * skipped). Deployments without figures yet count as fast, so new ones get
 * explored.
 */
export function rankDeployments(
  deployments: readonly Deployment[],
  objective: RoutingObjective,
  figuresOf: FiguresOf,
  estimate: RequestEstimate,
  priceOf: PriceOf,
): Deployment[] {
  const keyed = deployments.map((d) => {
    const f = figuresOf(d.id);
    return {
      d,
      tier: availabilityTier(f),
      p95: f.p95LatencyMs ?? 0,
      errorRate: Math.round(f.errorRate * 100),
      cost: expectedCost(priceOf(d), estimate) ?? UNPRICED_COST,
    };
  });
  type Keyed = (typeof keyed)[number];
  const byObjective: Record<string, (a: Keyed, b: Keyed) => number> = {
    [RoutingObjective.ROUTING_OBJECTIVE_COST]: (a, b) => a.cost - b.cost || a.p95 - b.p95 || a.errorRate - b.errorRate,
    [RoutingObjective.ROUTING_OBJECTIVE_LATENCY]: (a, b) => a.p95 - b.p95 || a.errorRate - b.errorRate || a.cost - b.cost,
    [RoutingObjective.ROUTING_OBJECTIVE_RELIABILITY]: (a, b) => a.errorRate - b.errorRate || a.p95 - b.p95 || a.cost - b.cost,
  };
  const compare = byObjective[objective] ?? byObjective[RoutingObjective.ROUTING_OBJECTIVE_RELIABILITY]!;
  return keyed.sort((a, b) => a.tier - b.tier || compare(a, b) || a.d.id.localeCompare(b.d.id)).map((k) => k.d);
}

function availabilityTier(f: DeploymentFigures): number {
  if (f.breaker === 'open') return 3;
  if (f.breaker === 'half-open') return -1;
  return f.samples >= MIN_SAMPLES_FOR_DEGRADED && f.errorRate >= DEGRADED_ERROR_RATE ? 2 : 0;
}
