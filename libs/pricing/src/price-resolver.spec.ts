import { Deployment, PricePerMillionTokens, Usage, UsageEvent } from '@switchyard/contracts';
import { PriceResolver, recordedCost } from './price-resolver';

const usage = Usage.fromPartial({ inputTokens: 1_000, outputTokens: 500 });
const price = (input: number, output: number) => PricePerMillionTokens.fromPartial({ inputMicroUsd: input, outputMicroUsd: output });
const target = { deploymentId: 'dep', provider: 'acme', upstreamModel: 'm1' };

function deployment(fields: Partial<Deployment>): Deployment {
  return Deployment.fromPartial({ id: 'dep', provider: 'acme', upstreamModel: 'm1', enabled: true, ...fields });
}

/** A resolver over one deployment, as the service's configuration state holds it. */
function resolverOver(d: Deployment): PriceResolver {
  return new PriceResolver({ deployments: new Map([[d.id, d]]) });
}

describe('PriceResolver', () => {
  it("prices usage at the deployment's own price in force now", () => {
    // $2 in / $8 out per million tokens: 1,000 in + 500 out = 2,000 + 4,000 micro-USD.
    const prices = resolverOver(deployment({ price: price(2_000_000, 8_000_000) }));
    expect(prices.costOfUsage(target, usage)).toEqual({ microUsd: 6_000, nanoUsd: 6_000_000 });
    // An attempt that used nothing (a refused call) costs nothing, but it is priced.
    expect(prices.costOfUsage(target, undefined)).toEqual({ microUsd: 0, nanoUsd: 0 });
  });

  it('falls back to the list price of the provider and model', () => {
    const prices = resolverOver(deployment({ provider: 'openai', upstreamModel: 'gpt-4o-mini' }));
    const listed = { deploymentId: 'dep', provider: 'openai', upstreamModel: 'gpt-4o-mini' };
    // $0.15 in / $0.60 out per million: 150 + 300 micro-USD.
    expect(prices.costOfUsage(listed, usage)).toEqual({ microUsd: 450, nanoUsd: 450_000 });
    expect(prices.isPriced(deployment({ provider: 'openai', upstreamModel: 'gpt-4o-mini' }))).toBe(true);
  });

  it('a deployment with neither its own price nor a list price is unpriced: no cost, not zero', () => {
    const unpriced = deployment({ provider: 'anthropic', upstreamModel: 'claude-sonnet-4-6' });
    const prices = resolverOver(unpriced);
    expect(prices.isPriced(unpriced)).toBe(false);
    expect(prices.costOfUsage({ deploymentId: 'dep', provider: 'anthropic', upstreamModel: 'claude-sonnet-4-6' }, usage)).toBeUndefined();
    // An all-zero price is no price (the admin API's default when none is given).
    expect(prices.isPriced(deployment({ ...unpriced, price: price(0, 0) }))).toBe(false);
  });

  it('cached tokens default to the input price when the deployment sets none', () => {
    const prices = resolverOver(deployment({ price: price(1_000_000, 0) }));
    expect(prices.priceOf(target)).toEqual({ input: 1_000_000, output: 0, cachedInput: 1_000_000, cacheWrite: 1_000_000 });
  });

  it('prices a 5-token embedding call exactly in nano-USD, so many of them sum to the exact cost', () => {
    // text-embedding-3-small: $0.02 per million tokens = 20 nano-USD per token.
    const prices = resolverOver(deployment({ provider: 'openai', upstreamModel: 'text-embedding-3-small' }));
    const embedding = { deploymentId: 'dep', provider: 'openai', upstreamModel: 'text-embedding-3-small' };
    const one = prices.costOfUsage(embedding, Usage.fromPartial({ inputTokens: 5 }))!;
    expect(one).toEqual({ microUsd: 0, nanoUsd: 100 });
    let nanos = 0;
    for (let i = 0; i < 1_000; i++) nanos += one.nanoUsd;
    expect(nanos).toBe(100_000); // 5,000 tokens at $0.02 per million = 100 micro-USD
  });
});

describe('recordedCost', () => {
  it('takes the cost stamped when the attempt ran, never the price of today', () => {
    expect(recordedCost(UsageEvent.fromPartial({ costMicroUsd: 1_234, costNanoUsd: 1_234_321 }))).toEqual({
      microUsd: 1_234,
      nanoUsd: 1_234_321,
    });
    // A stamped zero is a free attempt.
    expect(recordedCost(UsageEvent.fromPartial({ costMicroUsd: 0, costNanoUsd: 0 }))).toEqual({ microUsd: 0, nanoUsd: 0 });
  });

  it('a schema-2 event (micro-USD only) counts its micro-USD as nanos; an unpriced one counts zero', () => {
    expect(recordedCost(UsageEvent.fromPartial({ costMicroUsd: 7 }))).toEqual({ microUsd: 7, nanoUsd: 7_000 });
    expect(recordedCost(UsageEvent.fromPartial({}))).toEqual({ microUsd: 0, nanoUsd: 0 });
  });
});
