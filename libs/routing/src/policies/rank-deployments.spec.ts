import { Deployment, RoutingObjective } from '@switchyard/contracts';
import { deployment } from '../../test/fixtures';
import type { DeploymentFigures } from '../health/deployment-health';
import { PriceResolver } from '@switchyard/pricing';
import { expectedCost, rankDeployments } from './rank-deployments';

const figures =
  (table: Record<string, Partial<DeploymentFigures>>) =>
  (id: string): DeploymentFigures => ({
    p95LatencyMs: undefined,
    errorRate: 0,
    samples: 0,
    breaker: 'closed',
    ...table[id],
  });
const ids = (ds: { id: string }[]) => ds.map((d) => d.id);
const prices = new PriceResolver({ deployments: new Map() });
const priceOf = (d: Deployment) => prices.priceOfDeployment(d);
const estimate = { inputTokens: 1_000, outputTokens: 500 };
const price = (input: number, output: number) => ({
  price: {
    inputMicroUsd: input,
    outputMicroUsd: output,
    cachedInputMicroUsd: 0,
    cacheWriteMicroUsd: 0,
    audioMinuteMicroUsd: 0,
    millionCharactersMicroUsd: 0,
    imageMicroUsd: 0,
  },
});

describe('rankDeployments', () => {
  const mini = deployment('mini', price(150_000, 600_000));
  const big = deployment('big', { model: 'gpt-4o', ...price(2_500_000, 10_000_000) });
  const nano = deployment('nano', { model: 'gpt-4.1-nano', ...price(100_000, 400_000) });

  it("cost: follows the price table for the request's expected tokens", () => {
    expect(ids(rankDeployments([big, mini, nano], RoutingObjective.ROUTING_OBJECTIVE_COST, figures({}), estimate, priceOf))).toEqual([
      'nano',
      'mini',
      'big',
    ]);
    // In nano-USD: 1,000 in at 150 n$ + 500 out at 600 n$.
    expect(expectedCost(priceOf(mini), estimate)).toBe(1_000 * 150 + 500 * 600);
  });

  it('cost: output-heavy requests favour the cheaper output price', () => {
    const cheapIn = deployment('cheap-in', price(100_000, 2_000_000));
    const cheapOut = deployment('cheap-out', price(400_000, 500_000));
    const promptHeavy = { inputTokens: 10_000, outputTokens: 10 };
    const replyHeavy = { inputTokens: 10, outputTokens: 10_000 };
    expect(ids(rankDeployments([cheapIn, cheapOut], RoutingObjective.ROUTING_OBJECTIVE_COST, figures({}), promptHeavy, priceOf))).toEqual([
      'cheap-in',
      'cheap-out',
    ]);
    expect(ids(rankDeployments([cheapIn, cheapOut], RoutingObjective.ROUTING_OBJECTIVE_COST, figures({}), replyHeavy, priceOf))).toEqual([
      'cheap-out',
      'cheap-in',
    ]);
  });

  it('latency: lowest p95 first, and moves when one deployment gets slower', () => {
    const a = deployment('a');
    const b = deployment('b');
    expect(
      ids(
        rankDeployments(
          [a, b],
          RoutingObjective.ROUTING_OBJECTIVE_LATENCY,
          figures({ a: { p95LatencyMs: 20, samples: 10 }, b: { p95LatencyMs: 40, samples: 10 } }),
          estimate,
          priceOf,
        ),
      ),
    ).toEqual(['a', 'b']);
    expect(
      ids(
        rankDeployments(
          [a, b],
          RoutingObjective.ROUTING_OBJECTIVE_LATENCY,
          figures({ a: { p95LatencyMs: 400, samples: 10 }, b: { p95LatencyMs: 40, samples: 10 } }),
          estimate,
          priceOf,
        ),
      ),
    ).toEqual(['b', 'a']);
  });

  it('latency: a deployment without figures yet is tried first (explored)', () => {
    const a = deployment('a');
    const fresh = deployment('z-fresh');
    expect(
      ids(
        rankDeployments(
          [a, fresh],
          RoutingObjective.ROUTING_OBJECTIVE_LATENCY,
          figures({ a: { p95LatencyMs: 20, samples: 10 } }),
          estimate,
          priceOf,
        ),
      ),
    ).toEqual(['z-fresh', 'a']);
  });

  it('reliability: lowest error rate first, then latency', () => {
    const a = deployment('a');
    const b = deployment('b');
    const c = deployment('c');
    const f = figures({
      a: { errorRate: 0.2, samples: 10, p95LatencyMs: 5 },
      b: { errorRate: 0, samples: 10, p95LatencyMs: 50 },
      c: { errorRate: 0, samples: 10, p95LatencyMs: 30 },
    });
    expect(ids(rankDeployments([a, b, c], RoutingObjective.ROUTING_OBJECTIVE_RELIABILITY, f, estimate, priceOf))).toEqual(['c', 'b', 'a']);
  });

  it('whatever the objective: open breakers last, mostly-failing ones after healthy ones, half-open ones first (for their probe)', () => {
    const f = figures({ nano: { breaker: 'open' }, mini: { errorRate: 0.8, samples: 10 }, big: {} });
    expect(ids(rankDeployments([nano, mini, big], RoutingObjective.ROUTING_OBJECTIVE_COST, f, estimate, priceOf))).toEqual([
      'big',
      'mini',
      'nano',
    ]);
    const g = figures({ nano: { breaker: 'half-open' } });
    expect(ids(rankDeployments([big, mini, nano], RoutingObjective.ROUTING_OBJECTIVE_COST, g, estimate, priceOf))).toEqual([
      'nano',
      'mini',
      'big',
    ]);
    const h = figures({ big: { breaker: 'half-open' } });
    expect(ids(rankDeployments([nano, mini, big], RoutingObjective.ROUTING_OBJECTIVE_COST, h, estimate, priceOf))).toEqual([
      'big',
      'nano',
      'mini',
    ]);
  });

  it('cost: a deployment without a price ranks after every priced one, never as the cheapest', () => {
    // No price of its own and none in the table: its attempts would be billed 0.
    const unpriced = deployment('unpriced', { provider: 'anthropic', upstreamModel: 'claude-sonnet-4-6', price: undefined });
    expect(priceOf(unpriced)).toBeUndefined();
    expect(ids(rankDeployments([unpriced, big, nano], RoutingObjective.ROUTING_OBJECTIVE_COST, figures({}), estimate, priceOf))).toEqual([
      'nano',
      'big',
      'unpriced',
    ]);
  });

  it('cost: a deployment without its own price ranks at the list price it is billed at', () => {
    const listed = deployment('listed', { model: 'gpt-4o', upstreamModel: 'gpt-4o', price: undefined });
    expect(ids(rankDeployments([listed, mini], RoutingObjective.ROUTING_OBJECTIVE_COST, figures({}), estimate, priceOf))).toEqual([
      'mini',
      'listed',
    ]);
  });

  it('breaks ties by id, so the order is stable', () => {
    const b = deployment('b');
    const a = deployment('a');
    expect(ids(rankDeployments([b, a], RoutingObjective.ROUTING_OBJECTIVE_RELIABILITY, figures({}), estimate, priceOf))).toEqual([
      'a',
      'b',
    ]);
  });
});
