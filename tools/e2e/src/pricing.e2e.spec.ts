import OpenAI from 'openai';
import { chat, perRouter, seedMockDeployments } from './routing-support';
import { TestStack } from './test-stack';

/**
 * Issue 19, defect 5: a deployment without a price was billed 0 µ$ and won
 * policy:cheapest, and rounding each attempt to whole micro-USD zeroed small
 * embedding calls.
 */
describe('pricing: unpriced deployments and exact sub-micro-dollar costs', () => {
  let t: TestStack;
  let key: string;
  // text-embedding-3-small lists at $0.02 per million tokens: 20 nano-USD per token.
  const EMBEDDING_NANO_USD_PER_TOKEN = 20;

  beforeAll(async () => {
    t = await TestStack.start({ services: ['provider-adapters', 'router', 'ingress', 'metering'] });
    await seedMockDeployments(t, [
      // One model class, so policy:cheapest may rank the two models against each other once both have a price.
      { id: 'priced-mini', region: 'us-east', modelClass: 'chat' },
      // A model the price table does not know, added without a price: the repro of the audit.
      {
        id: 'unpriced-sonnet',
        region: 'us-east',
        model: 'claude-sonnet-4-6',
        provider: 'openai',
        upstreamModel: 'claude-sonnet-4-6',
        modelClass: 'chat',
      },
      {
        id: 'embed-small',
        region: 'us-east',
        model: 'text-embedding-3-small',
        capabilities: { chat: false, streaming: false, embeddings: true },
      },
    ]);
    await t.seeder.tenant('ten_price', { allowedRegions: ['us-east'] });
    key = (await t.seeder.issueKey('ten_price')).plaintext;
    await t.waitForConfig();
  });

  afterAll(() => t?.stop());

  it('policy:cheapest never picks a deployment without a price, and the router flags it until it has one', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await chat(t, key, 'policy:cheapest');
      expect([r.status, r.deployment]).toEqual([200, 'priced-mini']);
    }
    expect(await perRouter(t, 'switchyard_router_unpriced_deployments', 'deployment="unpriced-sonnet"')).toEqual([1]);
    expect(await perRouter(t, 'switchyard_router_unpriced_deployments', 'deployment="priced-mini"')).toEqual([0]);

    // Once it has a price (cheaper than gpt-4o-mini's list price) it is ranked like any other.
    await t.seeder.deployment({
      id: 'unpriced-sonnet',
      model: 'claude-sonnet-4-6',
      provider: 'openai',
      region: 'us-east',
      baseUrl: `${t.mock.url}/d/unpriced-sonnet/v1`,
      credentialId: 'cred-mock',
      price: { inputMicroUsd: 10_000, outputMicroUsd: 40_000 },
      modelClass: 'chat',
    });
    await t.waitForConfig();
    expect((await chat(t, key, 'policy:cheapest')).deployment).toBe('unpriced-sonnet');
    expect(await perRouter(t, 'switchyard_router_unpriced_deployments', 'deployment="unpriced-sonnet"')).toEqual([0]);
  });

  it('200 five-token embedding calls add up to their exact cost (200 x 5 x 20 nano-USD = 20 µ$), not 0', async () => {
    const client = new OpenAI({ apiKey: key, baseURL: t.baseUrl, maxRetries: 0, defaultHeaders: { 'x-switchyard-feature': 'embed' } });
    const calls = 200;
    for (let i = 0; i < calls; i++) {
      const res = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'one two three four five' });
      expect(res.usage.prompt_tokens).toBe(5);
    }
    const exactNanos = calls * 5 * EMBEDDING_NANO_USD_PER_TOKEN;
    const sums = `SELECT sum(cost_micro_usd) AS micro, sum(cost_nano_usd) AS nano, count() AS n FROM ${t.id}`;
    const where = `WHERE tenant_id = 'ten_price' AND endpoint = 'embeddings'`;
    const attempts = await t.eventually<{ micro: number; nano: number; n: number }>(
      `${sums}.usage_events ${where}`,
      (r) => (r[0]?.n ?? 0) >= calls,
    );
    // Each attempt alone rounds to 0 micro-USD; its nano-USD are exact.
    expect(attempts[0]).toEqual({ micro: 0, nano: exactNanos, n: calls });
    // Each request costs the sum of its attempts (one here).
    const requests = await t.eventually<{ micro: number; nano: number; n: number }>(
      `${sums}.request_events ${where}`,
      (r) => (r[0]?.n ?? 0) >= calls,
    );
    expect(requests[0]).toEqual({ micro: 0, nano: exactNanos, n: calls });

    // The usage API sums the rollup's nanos: 20 µ$, where summing rounded attempts gave 0.
    const rollup = await t.eventually<{ n: number }>(
      `SELECT sum(attempts) AS n FROM ${t.id}.usage_by_minute WHERE tenant_id = 'ten_price' AND feature = 'embed'`,
      (r) => (r[0]?.n ?? 0) >= calls,
    );
    expect(rollup[0]?.n).toBe(calls);
    const res = await fetch(
      `${t.stack.service('metering').url}/v1/usage?from=${Date.now() - 3_600_000}&to=${Date.now() + 60_000}&group_by=feature`,
      { headers: { authorization: `Bearer ${key}` } },
    );
    const body = (await res.json()) as { rows: { dimensions: Record<string, string>; costMicroUsd: number }[] };
    expect(body.rows.find((r) => r.dimensions['feature'] === 'embed')?.costMicroUsd).toBe(exactNanos / 1000);
  });
});
