import { Deployment, RequestEvent, Usage, UsageEvent } from '@switchyard/contracts';
import { ConfigState } from '@switchyard/control-plane';
import { PriceResolver } from './price-resolver';
import { requestRow, usageRow } from './rows';

const usage = Usage.fromPartial({ inputTokens: 1_000, outputTokens: 500 });

/** A resolver over one deployment 'dep', and a way to change its price as an admin would. */
function resolverWithPrice(
  inputMicroUsd: number,
  outputMicroUsd: number,
): { prices: PriceResolver; setPrice: (input: number, output: number) => void } {
  const state = new ConfigState();
  const setPrice = (input: number, output: number) =>
    state.apply({
      entity: {
        $case: 'deployment',
        deployment: Deployment.fromPartial({
          id: 'dep',
          provider: 'acme',
          upstreamModel: 'm1',
          enabled: true,
          price: { inputMicroUsd: input, outputMicroUsd: output },
        }),
      },
      deleted: false,
    });
  setPrice(inputMicroUsd, outputMicroUsd);
  return { prices: new PriceResolver(state), setPrice };
}

const attempt = (fields: Partial<UsageEvent>) =>
  UsageEvent.fromPartial({ deploymentId: 'dep', provider: 'acme', upstreamModel: 'm1', usage, ...fields });

describe('pricing an attempt', () => {
  // $2 in / $8 out per million tokens: 1,000 in + 500 out = 2,000 + 4,000 micro-USD.
  const { prices } = resolverWithPrice(2_000_000, 8_000_000);

  it('prices usage at the deployment price in force now', () => {
    expect(prices.costAtCurrentPrice('dep', 'acme', 'm1', usage)).toBe(6_000);
    expect(prices.costAtCurrentPrice('dep', 'acme', 'm1', undefined)).toBeUndefined();
    expect(prices.costAtCurrentPrice('other', 'acme', 'unknown-model', usage)).toBeUndefined();
  });

  it('takes the cost stamped when the attempt ran, not the price of today', () => {
    expect(prices.costOfAttempt(attempt({ costMicroUsd: 1_234 }))).toBe(1_234);
    // A stamped zero is a free attempt, not a missing price.
    expect(prices.costOfAttempt(attempt({ costMicroUsd: 0 }))).toBe(0);
  });

  it('prices events that carry no cost (schema 1, or no price known when they ran) now', () => {
    expect(prices.costOfAttempt(attempt({}))).toBe(6_000);
    expect(prices.costOfAttempt(attempt({ deploymentId: 'gone', upstreamModel: 'unknown-model' }))).toBe(0);
  });

  it('a usage row keeps the stamped cost after the price changed; a request row is priced when written', () => {
    const { prices: live, setPrice } = resolverWithPrice(2_000_000, 8_000_000);
    setPrice(4_000_000, 16_000_000);
    expect(usageRow(attempt({ costMicroUsd: 6_000 }), live, 0).cost_micro_usd).toBe(6_000);
    expect(usageRow(attempt({}), live, 0).cost_micro_usd).toBe(12_000);
    const request = RequestEvent.fromPartial({ usage, trace: { deploymentId: 'dep', provider: 'acme', upstreamModel: 'm1' } });
    expect(requestRow(request, live, 0).cost_micro_usd).toBe(12_000);
  });
});
