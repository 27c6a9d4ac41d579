import { RoutingObjective } from '@switchyard/contracts';
import OpenAI from 'openai';
import { chat, ChatResult, seedMockDeployments } from './routing-support';
import { TestStack } from './test-stack';

/**
 * Issue 18, item 3: `policy:fastest` routed a tenant to an unrelated model
 * that merely answered faster. A policy now ranks only within its candidate
 * set: the models the caller's key and plan allow, narrowed by the policy's
 * models or classes, and never across two model classes.
 */
describe('policy candidate sets: a policy never switches model class (openai client -> ingress -> router -> adapters)', () => {
  let t: TestStack;
  let anyKey: string;
  let alphaKey: string;
  let planKey: string;

  beforeAll(async () => {
    t = await TestStack.start({ services: ['provider-adapters', 'router', 'ingress'] });
    await seedMockDeployments(t, [
      // Two unrelated models without a class: each is a class of its own.
      { id: 'alpha-dep', model: 'alpha' },
      { id: 'beta-dep', model: 'beta' },
      // Two small chat models that may stand in for each other, and a large one that may not.
      { id: 'small-a-dep', model: 'small-a', modelClass: 'chat-small' },
      { id: 'small-b-dep', model: 'small-b', modelClass: 'chat-small' },
      { id: 'large-dep', model: 'large', modelClass: 'chat-large' },
    ]);
    await t.seeder.routingPolicy({ id: 'fast-small', objective: RoutingObjective.ROUTING_OBJECTIVE_LATENCY, classes: ['chat-small'] });
    await t.seeder.plan('narrow', { name: 'Narrow', allowedModels: ['small-a', 'policy:fast-small'] });
    await t.seeder.tenant('ten_any');
    await t.seeder.tenant('ten_narrow', { planId: 'narrow' });
    await t.seeder.feature('ten_any', 'quick', 'policy:fastest');
    await t.waitForConfig();
    anyKey = (await t.seeder.issueKey('ten_any')).plaintext;
    alphaKey = (await t.seeder.issueKey('ten_any', { allowedModels: ['alpha', 'policy:fastest'] })).plaintext;
    planKey = (await t.seeder.issueKey('ten_narrow')).plaintext;
    await t.waitForConfig();
    // The models a caller must never be switched to are the fastest ones.
    t.mock.setDeployment('alpha-dep', { latencyMs: 150 });
    t.mock.setDeployment('beta-dep', { latencyMs: 1 });
    t.mock.setDeployment('small-a-dep', { latencyMs: 150 });
    t.mock.setDeployment('small-b-dep', { latencyMs: 20 });
    t.mock.setDeployment('large-dep', { latencyMs: 1 });
  });

  afterAll(() => t?.stop());

  const calls = async (key: string, model: string, n: number): Promise<ChatResult[]> => {
    const out: ChatResult[] = [];
    for (let i = 0; i < n; i++) out.push(await chat(t, key, model));
    return out;
  };
  const candidates = (r: ChatResult) => (r.headers.get('x-switchyard-candidates') ?? '').split(',').sort();

  it('refuses with 400 to rank unrelated models, naming the classes and how to narrow, as the model or a feature route', async () => {
    t.mock.clearRequests();
    const client = new OpenAI({ apiKey: anyKey, baseURL: t.baseUrl, maxRetries: 0 });
    const error = await client.chat.completions
      .create({ model: 'policy:fastest', messages: [{ role: 'user', content: 'Hello' }] })
      .then(() => undefined)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const refused = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect([refused.status, refused.type, refused.param]).toEqual([400, 'invalid_request_error', 'model']);
    expect(refused.message).toContain("'policy:fastest' would rank models of different classes:");
    expect(refused.message).toContain("'alpha' (alpha), 'beta' (beta), 'chat-large' (large), 'chat-small' (small-a, small-b)");
    expect(refused.message).toMatch(/model_class/);
    expect(t.mock.requests(500).filter((r) => r.path.endsWith('/chat/completions'))).toHaveLength(0);

    const viaFeature = await chat(t, anyKey, 'alpha', {}, { 'x-switchyard-feature': 'quick' });
    expect([viaFeature.status, viaFeature.body.error?.type]).toEqual([400, 'invalid_request_error']);
    expect(viaFeature.body.error?.message).toContain('would rank models of different classes');
  });

  it('a key allowed only alpha never gets beta, though beta is faster, and the header lists only alpha', async () => {
    for (const r of await calls(alphaKey, 'policy:fastest', 6)) {
      expect([r.status, r.deployment, r.headers.get('x-switchyard-policy')]).toEqual([200, 'alpha-dep', 'fastest']);
      expect(r.headers.get('x-switchyard-candidates')).toBe('alpha');
    }
    expect(t.mock.requests(500).filter((r) => r.deployment === 'beta-dep')).toHaveLength(0);
  });

  it("a configured policy's classes keep it inside chat-small, though chat-large is faster", async () => {
    const served = await calls(anyKey, 'policy:fast-small', 8);
    for (const r of served) {
      expect(r.status).toBe(200);
      expect(['small-a-dep', 'small-b-dep']).toContain(r.deployment);
      expect(candidates(r)).toEqual(['small-a', 'small-b']);
    }
    // Once both have figures, the faster of the two small models takes the traffic.
    expect(served.at(-1)?.deployment).toBe('small-b-dep');
    expect(served.at(-1)?.headers.get('x-switchyard-candidates')).toBe('small-b,small-a');
    expect(t.mock.requests(500).filter((r) => r.deployment === 'large-dep')).toHaveLength(0);
  });

  it("a plan's allow-list narrows the policy the same way", async () => {
    for (const r of await calls(planKey, 'policy:fast-small', 6)) {
      expect([r.status, r.deployment]).toEqual([200, 'small-a-dep']);
      expect(r.headers.get('x-switchyard-candidates')).toBe('small-a');
    }
  });
});
