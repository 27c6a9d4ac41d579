import { RequestEvent, Usage, UsageEvent } from '@switchyard/contracts';
import { requestRow, usageRow } from './rows';

const usage = Usage.fromPartial({ inputTokens: 1_000, outputTokens: 500 });

describe('rows carry the costs their events carry; metering prices nothing', () => {
  it('a usage row takes the cost provider-adapters stamped on the attempt, exact to the nano-USD', () => {
    const attempt = UsageEvent.fromPartial({ deploymentId: 'dep', usage, costMicroUsd: 6_000, costNanoUsd: 6_000_321 });
    expect(usageRow(attempt, 0)).toMatchObject({ cost_micro_usd: 6_000, cost_nano_usd: 6_000_321 });
  });

  it('an attempt of an unpriced deployment (no stamped cost) is a zero row, not a price of today', () => {
    expect(usageRow(UsageEvent.fromPartial({ deploymentId: 'dep', usage }), 0)).toMatchObject({ cost_micro_usd: 0, cost_nano_usd: 0 });
  });

  it("a request row is the sum of its attempts' costs the router put on its usage, not its last deployment's price", () => {
    const request = RequestEvent.fromPartial({
      usage: { ...usage, cost: { microUsd: 7, nanoUsd: 6_900 } },
      trace: { deploymentId: 'dep', provider: 'openai', upstreamModel: 'gpt-4o', attempts: 2 },
    });
    // gpt-4o at today's list price would be 7,500 micro-USD for this usage.
    expect(requestRow(request, 0)).toMatchObject({ cost_micro_usd: 7, cost_nano_usd: 6_900, attempts: 2 });
    expect(requestRow(RequestEvent.fromPartial({ usage }), 0)).toMatchObject({ cost_micro_usd: 0, cost_nano_usd: 0 });
  });
});
