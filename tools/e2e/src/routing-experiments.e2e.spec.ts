import { chat, readUsageEvents, seedMockDeployments } from './routing-support';
import { TestStack } from './test-stack';

const SHADOW_LATENCY_MS = 4_000;

interface RequestRowView {
  request_id: string;
  arm: string;
  alias: string;
  deployment_id: string;
}

interface UsageRowView {
  request_id: string;
  arm: string;
  shadow: number;
  deployment_id: string;
  output_tokens: number;
  cost_micro_usd: number;
}

describe('A/B arms and shadow traffic', () => {
  let t: TestStack;
  let key: string;

  beforeAll(async () => {
    t = await TestStack.start();
    await seedMockDeployments(t, [{ id: 'ab-control' }, { id: 'ab-candidate' }, { id: 'sh-main' }, { id: 'sh-shadow', model: 'gpt-4o' }]);
    await t.seeder.alias('ab-split', ['ab-control']);
    await t.seeder.experiment({
      id: 'ab',
      aliasId: 'ab-split',
      arms: [
        { name: 'control', target: 'ab-control', weight: 50, shadow: false, shadowPercent: 0 },
        { name: 'candidate', target: 'ab-candidate', weight: 50, shadow: false, shadowPercent: 0 },
      ],
    });
    await t.seeder.alias('shadowed', ['sh-main']);
    await t.seeder.experiment({
      id: 'sh',
      aliasId: 'shadowed',
      arms: [
        { name: 'live', target: 'sh-main', weight: 1, shadow: false, shadowPercent: 0 },
        { name: 'gpt-4o-shadow', target: 'sh-shadow', weight: 0, shadow: true, shadowPercent: 100 },
      ],
    });
    t.mock.setDeployment('sh-shadow', { latencyMs: SHADOW_LATENCY_MS });
    await t.seeder.tenant('ten_ab');
    key = (await t.seeder.issueKey('ten_ab')).plaintext;
    await t.waitForConfig();
  });

  afterAll(() => t?.stop());

  it('assigns each end user to one arm (sticky), splits users across arms, and records the arm on every event', async () => {
    const armOf = new Map<string, string>();
    const requestArms = new Map<string, string>();
    for (let round = 0; round < 3; round++) {
      await Promise.all(
        Array.from({ length: 16 }, async (_, u) => {
          const r = await chat(t, key, 'ab-split', { user: `user-${u}` });
          expect(r.status).toBe(200);
          const arm = r.headers.get('x-switchyard-arm') ?? '';
          expect(r.deployment).toBe(arm === 'control' ? 'ab-control' : 'ab-candidate');
          if (round === 0) armOf.set(`user-${u}`, arm);
          else expect(arm).toBe(armOf.get(`user-${u}`));
          requestArms.set(r.headers.get('x-request-id')!, arm);
        }),
      );
    }
    expect(new Set(armOf.values())).toEqual(new Set(['control', 'candidate']));

    const ids = [...requestArms.keys()].map((id) => `'${id}'`).join(',');
    const requests = await t.eventually<RequestRowView>(
      `SELECT request_id, arm, alias, deployment_id FROM ${t.id}.request_events WHERE request_id IN (${ids})`,
      (rows) => rows.length === requestArms.size,
    );
    expect(requests).toHaveLength(48);
    for (const row of requests) expect(row).toMatchObject({ arm: requestArms.get(row.request_id), alias: 'ab-split' });
    const usage = await t.eventually<UsageRowView>(
      `SELECT request_id, arm, shadow, deployment_id FROM ${t.id}.usage_events WHERE request_id IN (${ids})`,
      (rows) => rows.length === requestArms.size,
    );
    for (const row of usage) expect(row).toMatchObject({ arm: requestArms.get(row.request_id), shadow: 0 });
  });

  it('a shadow arm gets a copy whose answer is recorded on Kafka, never returned and never slowing the caller', async () => {
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await chat(t, key, 'shadowed', { user: `shadow-user-${i}` }));
    for (const r of results) {
      expect(r.status).toBe(200);
      expect(r.deployment).toBe('sh-main');
      expect(r.headers.get('x-switchyard-arm')).toBe('live');
      expect(r.body.choices?.[0]?.message.content).toMatch(/^Mock reply from gpt-4o-mini/);
      // The shadow deployment takes 4 s to answer; the caller never waits for it.
      expect(r.elapsedMs).toBeLessThan(SHADOW_LATENCY_MS / 2);
    }

    const requestIds = new Set(results.map((r) => r.headers.get('x-request-id')!));
    const shadowEvents = (events: Awaited<ReturnType<typeof readUsageEvents>>) =>
      events.filter((e) => e.attempt?.shadow && requestIds.has(e.context?.requestId ?? ''));
    const events = await readUsageEvents(t, (all) => shadowEvents(all).length === 4, 30_000);
    const copies = shadowEvents(events);
    expect(copies).toHaveLength(4);
    for (const copy of copies) {
      expect(copy).toMatchObject({ deploymentId: 'sh-shadow', attempt: { arm: 'gpt-4o-shadow', shadow: true, alias: 'shadowed' } });
      expect(copy.outputText).toMatch(/^Mock reply from gpt-4o:/);
      expect(copy.latencyMs).toBeGreaterThanOrEqual(SHADOW_LATENCY_MS);
      expect(copy.usage?.outputTokens).toBeGreaterThan(0);
    }

    const ids = [...requestIds].map((id) => `'${id}'`).join(',');
    const rows = await t.eventually<UsageRowView>(
      `SELECT request_id, arm, shadow, deployment_id, output_tokens, cost_micro_usd FROM ${t.id}.usage_events WHERE request_id IN (${ids}) AND shadow = 1`,
      (r) => r.length === 4,
    );
    expect(rows).toHaveLength(4);
    for (const row of rows) {
      expect(row).toMatchObject({ arm: 'gpt-4o-shadow', deployment_id: 'sh-shadow' });
      expect(row.cost_micro_usd).toBeGreaterThan(0);
    }
  });
});
