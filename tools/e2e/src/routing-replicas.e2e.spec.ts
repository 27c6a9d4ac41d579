import { chat, perRouter, seedMockDeployments, sleep } from './routing-support';
import { TestStack } from './test-stack';

const RPM = 10;

describe('a deployment RPM limit shared by 2 router replicas (balancer -> 2 x ingress/router -> adapters)', () => {
  let t: TestStack;
  let key: string;

  beforeAll(async () => {
    // No queueing: a request beyond a replica's capacity is refused at once, so the count is exact.
    t = await TestStack.start({
      routerReplicas: 2,
      services: ['provider-adapters', 'budget-enforcer', 'router', 'ingress'],
      extraEnv: { ROUTER_QUEUE_MAX_WAIT_MS: '0' },
    });
    await seedMockDeployments(t, [{ id: 'shared-rpm', rpmLimit: RPM }]);
    await t.seeder.tenant('ten_replicas');
    key = (await t.seeder.issueKey('ten_replicas')).plaintext;
    await t.waitForConfig();
  });

  afterAll(() => t?.stop());

  it('each replica admits its half, so together they send the provider the catalog RPM, not twice it', async () => {
    for (let i = 0; i < 100 && (await perRouter(t, 'switchyard_router_replicas')).some((n) => n !== 2); i++) await sleep(100);
    expect(await perRouter(t, 'switchyard_router_replicas')).toEqual([2, 2]);

    const results = [];
    for (let i = 0; i < 2 * RPM; i++) results.push(await chat(t, key, 'gpt-4o-mini'));
    const ok = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status === 429);
    // The balancer alternates: RPM/2 admitted per replica (a few seconds refill well under one more).
    expect(ok).toHaveLength(RPM);
    expect(refused).toHaveLength(RPM);
    for (const r of refused) expect(r.body.error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit_exceeded' });
    expect(t.mock.requests(1000).filter((r) => r.deployment === 'shared-rpm')).toHaveLength(RPM);
  });
});
