import { chat, routerDeployments, seedMockDeployments } from './routing-support';
import { TestStack } from './test-stack';

/** Sum and count of a histogram or summary in ingress's /metrics (every label set added up). */
async function ingressSeries(t: TestStack, metric: string): Promise<{ sum: number; count: number }> {
  const text = await (await fetch(`${t.stack.service('ingress').url}/metrics`)).text();
  const total = (series: string) =>
    text
      .split('\n')
      .filter((l) => l.startsWith(`${metric}_${series}`))
      .reduce((acc, l) => acc + Number(l.split(' ').at(-1)), 0);
  return { sum: total('sum'), count: total('count') };
}

async function until(condition: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const giveUpAt = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > giveUpAt) throw new Error('condition not met in time');
    await new Promise((r) => setImmediate(r));
  }
}

describe('rate-limit waits are not attempts', () => {
  let t: TestStack;
  let key: string;

  beforeAll(async () => {
    t = await TestStack.start({
      services: ['provider-adapters', 'router', 'ingress'],
      // One attempt per request: before waits stopped counting, any provider 429 ended the request.
      extraEnv: { ROUTER_MAX_ATTEMPTS: '1' },
    });
    await seedMockDeployments(t, [{ id: 'rw-half' }, { id: 'rw-third' }]);
    await t.seeder.tenant('ten_rw');
    key = (await t.seeder.issueKey('ten_rw')).plaintext;
    await t.waitForConfig();
  });

  afterAll(() => t?.stop());

  it('6 parallel requests against a provider answering 429 (retry-after: 2) on every second call all succeed', async () => {
    t.mock.setDeployment('rw-half', { rateLimit: { everyNth: 2, retryAfterSeconds: 2 } });
    const results = await Promise.all(Array.from({ length: 6 }, () => chat(t, key, 'rw-half')));
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(200));
    const upstream = t.mock.requests(1000).filter((r) => r.deployment === 'rw-half');
    const limited = upstream.filter((r) => r.status === 429).length;
    expect(limited).toBeGreaterThanOrEqual(3);
    // x-switchyard-attempts counts every call that reached the provider, the 429s included.
    expect(results.reduce((sum, r) => sum + r.attempts, 0)).toBe(upstream.length);
    expect(upstream.length).toBe(6 + limited);
    for (const r of results.filter((x) => x.attempts > 1)) {
      expect(Number(r.headers.get('x-switchyard-queue-wait-ms'))).toBeGreaterThanOrEqual(1_500);
      expect(Number(r.headers.get('x-switchyard-queue-wait-ms'))).toBeLessThanOrEqual(10_000);
    }
  });

  it('gateway overhead leaves the queue wait out; the queue-wait histogram holds it', async () => {
    t.mock.setDeployment('rw-third', { rateLimit: { everyNth: 3, retryAfterSeconds: 2 } });
    for (let i = 0; i < 2; i++) expect((await chat(t, key, 'rw-third')).status).toBe(200);
    const overheadBefore = await ingressSeries(t, 'switchyard_gateway_overhead_seconds');
    const waitBefore = await ingressSeries(t, 'switchyard_gateway_queue_wait_seconds');
    // The third call is a 429: this request waits out the pause...
    const first = chat(t, key, 'rw-third');
    await until(async () => (await routerDeployments(t)).some((d) => d.deploymentId === 'rw-third' && d.queued === 1));
    // ...and this one queues behind it, then is served in a single attempt.
    const second = await chat(t, key, 'rw-third');
    expect((await first).status).toBe(200);
    expect(second).toMatchObject({ status: 200, attempts: 1 });
    const secondWaitMs = Number(second.headers.get('x-switchyard-queue-wait-ms'));
    expect(secondWaitMs).toBeGreaterThanOrEqual(500);
    const overhead = await ingressSeries(t, 'switchyard_gateway_overhead_seconds');
    const wait = await ingressSeries(t, 'switchyard_gateway_queue_wait_seconds');
    expect(overhead.count - overheadBefore.count).toBe(1);
    expect(overhead.sum - overheadBefore.sum).toBeLessThan(0.25);
    expect(wait.count - waitBefore.count).toBe(2);
    expect(wait.sum - waitBefore.sum).toBeGreaterThanOrEqual(1.5 + secondWaitMs / 1000);
  });
});
