import { chat, seedMockDeployments } from './routing-support';
import { TestStack } from './test-stack';

const price = (input: number, output: number) => ({ inputMicroUsd: input, outputMicroUsd: output });

describe('routing policies from live figures and the price table', () => {
  let t: TestStack;
  let cheapKey: string;
  let fastKey: string;

  beforeAll(async () => {
    t = await TestStack.start({ services: ['provider-adapters', 'router', 'ingress'] });
    // Regions keep the two experiments apart: built-in policies rank every deployment the caller may use
    // within one model class, so gpt-4o shares the class of gpt-4o-mini here.
    await seedMockDeployments(t, [
      { id: 'cheap-a', region: 'us-east', price: price(300_000, 1_200_000), modelClass: 'chat' },
      { id: 'cheap-b', region: 'us-east', price: price(150_000, 600_000), modelClass: 'chat' },
      { id: 'cheap-c', region: 'us-east', model: 'gpt-4o', price: price(2_500_000, 10_000_000), modelClass: 'chat' },
      { id: 'fast-a', region: 'ap-south', modelClass: 'chat' },
      { id: 'fast-b', region: 'ap-south', modelClass: 'chat' },
    ]);
    await t.seeder.tenant('ten_cheap', { allowedRegions: ['us-east'] });
    await t.seeder.tenant('ten_fast', { allowedRegions: ['ap-south'] });
    cheapKey = (await t.seeder.issueKey('ten_cheap')).plaintext;
    fastKey = (await t.seeder.issueKey('ten_fast')).plaintext;
    await t.waitForConfig();
  });

  afterAll(() => t?.stop());

  it('policy:cheapest follows the price table, and follows it when a price changes', async () => {
    const first = await chat(t, cheapKey, 'policy:cheapest');
    expect([first.status, first.deployment, first.headers.get('x-switchyard-policy')]).toEqual([200, 'cheap-b', 'cheapest']);
    expect(first.headers.get('x-switchyard-candidates')).toBe('gpt-4o-mini,gpt-4o');
    for (let i = 0; i < 5; i++) expect((await chat(t, cheapKey, 'policy:cheapest')).deployment).toBe('cheap-b');

    await t.seeder.deployment({
      id: 'cheap-a',
      model: 'gpt-4o-mini',
      provider: 'openai',
      region: 'us-east',
      baseUrl: `${t.mock.url}/d/cheap-a/v1`,
      credentialId: 'cred-mock',
      price: price(50_000, 200_000),
      modelClass: 'chat',
    });
    await t.waitForConfig();
    for (let i = 0; i < 5; i++) expect((await chat(t, cheapKey, 'policy:cheapest')).deployment).toBe('cheap-a');
  });

  it('policy:cheapest falls back to the next cheapest when the cheapest fails', async () => {
    t.mock.setDeployment('cheap-a', { failRate: 1, failStatus: 502 });
    const r = await chat(t, cheapKey, 'policy:cheapest');
    expect([r.status, r.deployment, r.attempts]).toEqual([200, 'cheap-b', 2]);
    t.mock.setDeployment('cheap-a', {});
  });

  it("policy:fastest moves traffic when one deployment's latency rises", async () => {
    t.mock.setDeployment('fast-a', { latencyMs: 10 });
    t.mock.setDeployment('fast-b', { latencyMs: 250 });
    const served = async (n: number) => {
      const out: string[] = [];
      for (let i = 0; i < n; i++) {
        const r = await chat(t, fastKey, 'policy:fastest');
        expect(r.status).toBe(200);
        out.push(r.deployment);
      }
      return out;
    };
    // Both start without figures: each gets explored once, then the faster one takes the traffic.
    const warm = await served(8);
    expect(new Set(warm.slice(0, 2))).toEqual(new Set(['fast-a', 'fast-b']));
    expect(warm.slice(-5)).toEqual(Array(5).fill('fast-a'));

    t.mock.setDeployment('fast-a', { latencyMs: 800 });
    const moved = await served(8);
    expect(moved[0]).toBe('fast-a');
    expect(moved.slice(-5)).toEqual(Array(5).fill('fast-b'));
  });
});
