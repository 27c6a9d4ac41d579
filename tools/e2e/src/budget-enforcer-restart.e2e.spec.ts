import type { DeploymentSeed } from '@switchyard/dev-tools';
import OpenAI from 'openai';
import { TestStack } from './test-stack';
import { WebhookReceiver } from './webhook-receiver';

const PRICE = { inputMicroUsd: 10_000_000, outputMicroUsd: 30_000_000 };
const SECRET = 'whsec_restart-e2e-0123456789abcdef';

interface CounterView {
  budgetId: string;
  scope: { tenantId: string };
  window: string;
  used: number;
  limit: number;
  action: string;
  thresholdsCrossed?: number[];
}

describe('budget-enforcer killed mid-traffic and restarted', () => {
  let t: TestStack;
  let hooks: WebhookReceiver;
  let deployment: DeploymentSeed;

  beforeAll(async () => {
    hooks = await WebhookReceiver.start();
    t = await TestStack.start({ services: ['provider-adapters', 'budget-enforcer', 'router', 'ingress', 'metering'] });
    const s = t.seeder;
    await s.credential('cred-mock', 'openai', 'sk-mock');
    deployment = {
      id: 'dep',
      model: 'gpt-4o',
      provider: 'openai',
      baseUrl: `${t.mock.url}/d/dep/v1`,
      credentialId: 'cred-mock',
      price: PRICE,
    };
    await s.deployment(deployment);
    await s.tenant('ten_flow');
    await s.tenant('ten_capped');
    await s.alertWebhook('wh', 'ten_capped', hooks.url, SECRET);
    await s.alertWebhook('wh_flow', 'ten_flow', hooks.url, SECRET);
    // $10, never reached: counts everything the tenant spends; its 1% alert fires once.
    await s.budget({ id: 'flow-monthly', tenantId: 'ten_flow', limit: 10_000_000, alertThresholdsPercent: [1], alertWebhookId: 'wh_flow' });
    // Crossed early: blocked before, during and after the enforcer's outage.
    await s.budget({
      id: 'capped-monthly',
      tenantId: 'ten_capped',
      limit: 10_000,
      alertThresholdsPercent: [50, 80, 100],
      alertWebhookId: 'wh',
    });
    await t.waitForConfig();
  });

  afterAll(async () => {
    await t?.stop();
    await hooks?.close();
  });

  const counters = async (): Promise<CounterView[]> => {
    const res = await fetch(`${t.stack.service('budget-enforcer').url}/v1/budgets/counters`, {
      headers: { authorization: `Bearer ${t.stack.operatorToken}` },
    });
    return ((await res.json()) as { counters: CounterView[] }).counters;
  };
  const metered = async (tenant: string): Promise<number> =>
    (await t.query<{ cost: number }>(`SELECT sum(cost_micro_usd) AS cost FROM ${t.id}.usage_events WHERE tenant_id = '${tenant}'`))[0]
      ?.cost ?? 0;
  const ask = (client: OpenAI, n: number) =>
    client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: `restart ${n}` }], max_tokens: 30 }).then(
      () => 200,
      (e: unknown) => (e instanceof OpenAI.APIError ? `${e.status} ${String(e.code)}` : Promise.reject(e)),
    );

  it('rebuilds the same counters from usage.v1, keeps decisions, re-sends them, and sends no alert twice', async () => {
    const flow = new OpenAI({ apiKey: (await t.seeder.issueKey('ten_flow')).plaintext, baseURL: t.baseUrl, maxRetries: 0 });
    const capped = new OpenAI({ apiKey: (await t.seeder.issueKey('ten_capped')).plaintext, baseURL: t.baseUrl, maxRetries: 0 });
    await t.waitForConfig();

    // Cross the capped tenant's budget.
    for (let i = 0; i < 200 && (await ask(capped, i)) !== '429 insufficient_quota'; i++) await new Promise((r) => setTimeout(r, 10));
    expect(await ask(capped, -1)).toBe('429 insufficient_quota');

    // Traffic for the other tenant; SIGKILL the enforcer a third of the way in, start it again at two thirds.
    const total = 180;
    let sent = 0;
    const statuses: (number | string)[] = [];
    const worker = async () => {
      while (sent < total) statuses.push(await ask(flow, ++sent));
    };
    const traffic = Promise.all([worker(), worker(), worker()]);
    const cappedDuringOutage: (number | string)[] = [];
    await until(() => sent >= total / 3);
    await t.stack.service('budget-enforcer').kill();
    cappedDuringOutage.push(await ask(capped, 1_000));
    await until(() => sent >= (2 * total) / 3);
    await t.stack.service('budget-enforcer').start();
    await traffic;
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    // While the enforcer was down the routers kept its last decisions.
    expect(cappedDuringOutage).toEqual(['429 insufficient_quota']);

    // Every attempt of the outage was counted after the restart: the counters equal what ClickHouse metered.
    await t.eventually(
      `SELECT count() AS n FROM ${t.id}.usage_events WHERE tenant_id = 'ten_flow'`,
      (r: { n: number }[]) => (r[0]?.n ?? 0) >= total,
    );
    const truth = { flow: await metered('ten_flow'), capped: await metered('ten_capped') };
    const deadline = Date.now() + 30_000;
    let before = await counters();
    while (Date.now() < deadline && before.find((c) => c.budgetId === 'flow-monthly')?.used !== truth.flow) {
      await new Promise((r) => setTimeout(r, 250));
      before = await counters();
    }
    expect(before.map((c) => [c.budgetId, c.used, c.action])).toEqual([
      ['capped-monthly', truth.capped, 'DECISION_ACTION_BLOCK'],
      ['flow-monthly', truth.flow, 'DECISION_ACTION_ALLOW'],
    ]);

    // The deployment's price doubles, then a quiet kill and restart rebuilds exactly the same counters
    // and decisions: each replayed attempt counts what it cost when it ran, as metering recorded it.
    await t.seeder.deployment({
      ...deployment,
      price: { inputMicroUsd: 2 * PRICE.inputMicroUsd, outputMicroUsd: 2 * PRICE.outputMicroUsd },
    });
    await t.waitForConfig();
    await t.stack.service('budget-enforcer').kill();
    await t.stack.service('budget-enforcer').start();
    expect(await counters()).toEqual(before);

    // The restarted enforcer re-sends its decisions: a freshly started router learns the block from it.
    await t.stack.restart('router');
    // (ingress reconnects to the restarted router within its channel backoff)
    for (let i = 0; i < 50 && (await ask(flow, 2_000 + i)) !== 200; i++) await new Promise((r) => setTimeout(r, 200));
    expect(await ask(flow, 2_100)).toBe(200);
    expect(await ask(capped, 2_101)).toBe('429 insufficient_quota');

    // Each alert went out once, across two enforcer restarts.
    await new Promise((r) => setTimeout(r, 1_500));
    const alerts = hooks.acknowledged().map((h) => JSON.parse(h.body) as { budget_id: string; threshold_percent: number });
    expect(alerts.map((a) => `${a.budget_id}@${a.threshold_percent}`).sort()).toEqual([
      'capped-monthly@100',
      'capped-monthly@50',
      'capped-monthly@80',
      'flow-monthly@1',
    ]);
  });
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 20));
}
