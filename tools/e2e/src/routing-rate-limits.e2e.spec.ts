import { chat, seedMockDeployments } from './routing-support';
import { TestStack } from './test-stack';

const QUEUE_MAX_WAIT_MS = 3_000;

describe('rate-limit smoothing', () => {
  let t: TestStack;
  let key: string;

  beforeAll(async () => {
    t = await TestStack.start({
      services: ['provider-adapters', 'router', 'ingress'],
      extraEnv: { ROUTER_QUEUE_MAX_WAIT_MS: String(QUEUE_MAX_WAIT_MS) },
    });
    await seedMockDeployments(t, [
      { id: 'rl-flaky' },
      { id: 'rl-closed' },
      { id: 'rl-rpm', rpmLimit: 60 },
      { id: 'rl-tight', rpmLimit: 60 },
    ]);
    await t.seeder.tenant('ten_rl');
    key = (await t.seeder.issueKey('ten_rl')).plaintext;
    await t.waitForConfig();
  });

  afterAll(() => t?.stop());

  it("provider 429s are smoothed into waits (the provider's retry-after), and the caller gets its answer", async () => {
    t.mock.setDeployment('rl-flaky', { rateLimit: { everyNth: 2, retryAfterSeconds: 1 } });
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await chat(t, key, 'rl-flaky'));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const waited = results.filter((r) => r.attempts === 2);
    expect(waited.length).toBeGreaterThanOrEqual(3);
    for (const r of waited) {
      expect(Number(r.headers.get('x-switchyard-queue-wait-ms'))).toBeGreaterThanOrEqual(900);
      expect(r.elapsedMs).toBeGreaterThanOrEqual(900);
    }
    const upstream = t.mock.requests(1000).filter((r) => r.deployment === 'rl-flaky');
    expect(upstream.filter((r) => r.status === 429).length).toBe(waited.length);
  });

  it('a wait beyond the configured limit is refused with 429 and a retry-after, not queued', async () => {
    t.mock.setDeployment('rl-closed', { rateLimit: { always: true, retryAfterSeconds: 30 } });
    const r = await chat(t, key, 'rl-closed');
    expect(r.status).toBe(429);
    expect(r.body.error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit_exceeded' });
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(29);
    expect(r.attempts).toBe(1);
    expect(r.elapsedMs).toBeLessThan(QUEUE_MAX_WAIT_MS);
  });

  it("requests beyond the catalog's RPM wait in the queue instead of bouncing", async () => {
    const results = await Promise.all(Array.from({ length: 62 }, () => chat(t, key, 'rl-rpm')));
    expect(results.map((r) => r.status)).toEqual(Array(62).fill(200));
    const waits = results.map((r) => Number(r.headers.get('x-switchyard-queue-wait-ms') ?? 0)).sort((a, b) => a - b);
    expect(waits.filter((w) => w === 0).length).toBeGreaterThanOrEqual(60);
    expect(waits[61]).toBeGreaterThan(0);
    expect(waits[61]).toBeLessThanOrEqual(QUEUE_MAX_WAIT_MS);
  });

  it('only the overflow beyond the max wait gets 429 with a retry-after', async () => {
    const results = await Promise.all(Array.from({ length: 70 }, () => chat(t, key, 'rl-tight')));
    const ok = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status === 429);
    expect(ok.length + refused.length).toBe(70);
    expect(ok.length).toBeGreaterThanOrEqual(60);
    expect(refused.length).toBeGreaterThan(0);
    for (const r of refused) {
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(r.body.error?.message).toMatch(/at its rate limit/);
    }
    for (const r of ok) expect(Number(r.headers.get('x-switchyard-queue-wait-ms') ?? 0)).toBeLessThanOrEqual(QUEUE_MAX_WAIT_MS + 100);
    expect(t.mock.requests(1000).filter((r) => r.deployment === 'rl-tight')).toHaveLength(ok.length);
  });
});
