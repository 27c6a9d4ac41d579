import { estimateChatCost, overspendBoundMicroUsd, verifyAlertSignature } from '@switchyard/budgets';
import { BudgetWindow, ChatRequest, DecisionAction } from '@switchyard/contracts';
import OpenAI from 'openai';
import { perRouter } from './routing-support';
import { TestStack } from './test-stack';
import { WebhookReceiver } from './webhook-receiver';

// Deliberately expensive deployments so a budget is crossed in a few dozen requests:
// $10 per million input tokens, $30 per million output tokens.
const PRICE = { inputMicroUsd: 10_000_000, outputMicroUsd: 30_000_000 };
const MAX_TOKENS = 40;
const LIMIT = 60_000; // $0.06
const SECRET = 'whsec_budget-alerts-e2e-0123456789';

interface Outcome {
  readonly tenant: string;
  readonly startedAtMs: number;
  readonly endedAtMs: number;
  readonly status: number;
  readonly code: string;
  readonly deployment: string;
  readonly policy: string;
}

async function call(client: OpenAI, tenant: string, n: number, model = 'gpt-4o'): Promise<Outcome> {
  const startedAtMs = Date.now();
  try {
    const { response } = await client.chat.completions
      .create({ model, messages: [{ role: 'user', content: `Hello budget ${n}` }], max_tokens: MAX_TOKENS })
      .withResponse();
    return {
      tenant,
      startedAtMs,
      endedAtMs: Date.now(),
      status: 200,
      code: '',
      deployment: response.headers.get('x-switchyard-deployment') ?? '',
      policy: response.headers.get('x-switchyard-policy') ?? '',
    };
  } catch (error) {
    if (!(error instanceof OpenAI.APIError)) throw error;
    return {
      tenant,
      startedAtMs,
      endedAtMs: Date.now(),
      status: error.status ?? 0,
      code: String(error.code ?? ''),
      deployment: '',
      policy: '',
    };
  }
}

/** The largest reservation the router makes for our requests (the same estimate it computes). */
function largestReservation(): number {
  const request = ChatRequest.fromPartial({
    model: 'gpt-4o',
    maxTokens: MAX_TOKENS,
    messages: [{ content: [{ part: { $case: 'text', text: 'Hello budget 99999' } }] }],
  });
  return estimateChatCost(
    request,
    { input: PRICE.inputMicroUsd, output: PRICE.outputMicroUsd, cachedInput: PRICE.inputMicroUsd, cacheWrite: PRICE.inputMicroUsd },
    0,
  );
}

describe('budgets across 2 router replicas (openai client -> balancer -> 2 x ingress/router -> adapters -> usage.v1 -> budget-enforcer)', () => {
  let t: TestStack;
  let hooks: WebhookReceiver;
  let failedOnce = false;

  beforeAll(async () => {
    // The 80% alert's first delivery fails with a 500, to show the retry.
    hooks = await WebhookReceiver.start((body) => {
      if (!failedOnce && (JSON.parse(body) as { threshold_percent: number }).threshold_percent === 80) {
        failedOnce = true;
        return 500;
      }
      return 200;
    });
    t = await TestStack.start({
      routerReplicas: 2,
      services: ['provider-adapters', 'budget-enforcer', 'router', 'ingress', 'metering'],
      extraEnv: { BUDGET_ALERT_RETRY_BASE_MS: '200' },
    });
    const s = t.seeder;
    await s.credential('cred-mock', 'openai', 'sk-mock');
    for (const [id, model] of [
      ['big', 'gpt-4o'],
      ['small', 'gpt-4o-mini'],
    ] as const) {
      await s.deployment({
        id,
        model,
        provider: 'openai',
        baseUrl: `${t.mock.url}/d/${id}/v1`,
        credentialId: 'cred-mock',
        price: id === 'big' ? PRICE : { inputMicroUsd: 150_000, outputMicroUsd: 600_000 },
      });
    }
    for (const tenant of ['ten_block', 'ten_other', 'ten_down']) await s.tenant(tenant);
    await s.alertWebhook('wh_block', 'ten_block', hooks.url, SECRET);
    await s.budget({
      id: 'block-monthly',
      tenantId: 'ten_block',
      limit: LIMIT,
      alertThresholdsPercent: [50, 80, 100],
      alertWebhookId: 'wh_block',
    });
    // Budget and webhook ids are per tenant: another tenant's same ids must not replace ten_block's.
    await s.alertWebhook('wh_block', 'ten_other', hooks.url, SECRET);
    await s.budget({ id: 'block-monthly', tenantId: 'ten_other', limit: LIMIT * 1_000, alertWebhookId: 'wh_block' });
    await s.budget({
      id: 'down-daily',
      tenantId: 'ten_down',
      limit: 8_000,
      window: BudgetWindow.BUDGET_WINDOW_DAY,
      action: DecisionAction.DECISION_ACTION_DOWNGRADE,
      downgradeTo: 'gpt-4o-mini',
    });
    await t.waitForConfig();
  });

  afterAll(async () => {
    await t?.stop();
    await hooks?.close();
  });

  it('alerts once per threshold, blocks the tenant within 1 s of crossing on both replicas, leaves others alone, and bounds overspend', async () => {
    const keyBlock = await t.seeder.issueKey('ten_block');
    const keyOther = await t.seeder.issueKey('ten_other');
    await t.waitForConfig();
    const blocked = new OpenAI({ apiKey: keyBlock.plaintext, baseURL: t.baseUrl, maxRetries: 0 });
    const other = new OpenAI({ apiKey: keyOther.plaintext, baseURL: t.baseUrl, maxRetries: 0 });
    const outcomes: Outcome[] = [];
    let crossedAt = 0;
    let stopAt = Date.now() + 90_000;
    let n = 0;
    const worker = async (client: OpenAI, tenant: string, pauseMs: number) => {
      while (Date.now() < stopAt) {
        const o = await call(client, tenant, ++n);
        outcomes.push(o);
        // Near the limit a replica may ask to retry while in-flight spend settles.
        if (o.status !== 200) await new Promise((r) => setTimeout(r, 20));
        if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
        const hundred = hooks.acknowledged().find((h) => (JSON.parse(h.body) as { threshold_percent: number }).threshold_percent === 100);
        if (hundred && crossedAt === 0) {
          crossedAt = (JSON.parse(hundred.body) as { crossed_at_ms: number }).crossed_at_ms;
          stopAt = Math.min(stopAt, Date.now() + 3_000);
        }
      }
    };
    await Promise.all([
      worker(blocked, 'ten_block', 0),
      worker(blocked, 'ten_block', 0),
      worker(blocked, 'ten_block', 0),
      worker(blocked, 'ten_block', 0),
      worker(other, 'ten_other', 30),
    ]);
    expect(crossedAt).toBeGreaterThan(0);
    // Late deliveries would show up here.
    await new Promise((r) => setTimeout(r, 2_000));

    // Alerts: each threshold acknowledged exactly once, signed, and the failed 80% attempt retried.
    const acked = hooks.acknowledged().map((h) => ({
      h,
      body: JSON.parse(h.body) as {
        id: string;
        threshold_percent: number;
        tenant_id: string;
        budget_id: string;
        used: number;
        limit: number;
      },
    }));
    expect(acked.map((a) => a.body.threshold_percent).sort((a, b) => a - b)).toEqual([50, 80, 100]);
    for (const { h, body } of acked) {
      expect(
        verifyAlertSignature(
          SECRET,
          String(h.headers['x-switchyard-timestamp']),
          h.body,
          String(h.headers['x-switchyard-signature']),
          h.receivedAtMs,
        ),
      ).toBe(true);
      expect(
        verifyAlertSignature(
          'not-the-secret-000000',
          String(h.headers['x-switchyard-timestamp']),
          h.body,
          String(h.headers['x-switchyard-signature']),
          h.receivedAtMs,
        ),
      ).toBe(false);
      expect(h.headers['x-switchyard-alert-id']).toBe(body.id);
      expect(body).toMatchObject({ tenant_id: 'ten_block', budget_id: 'block-monthly', limit: LIMIT });
      expect(body.used * 100).toBeGreaterThanOrEqual(LIMIT * body.threshold_percent);
    }
    const eighty = hooks.received.filter((h) => (JSON.parse(h.body) as { threshold_percent: number }).threshold_percent === 80);
    expect(eighty.map((h) => h.status)).toEqual([500, 200]);
    expect(new Set(eighty.map((h) => h.headers['x-switchyard-alert-id'])).size).toBe(1);

    // Blocking: every request of the tenant started from 1 s after the crossing on was refused as over quota.
    const mine = outcomes.filter((o) => o.tenant === 'ten_block');
    const after = mine.filter((o) => o.startedAtMs >= crossedAt + 1_000);
    expect(after.length).toBeGreaterThan(10);
    expect(after.every((o) => o.status === 429 && o.code === 'insufficient_quota')).toBe(true);
    const firstBlock = Math.min(...mine.filter((o) => o.code === 'insufficient_quota').map((o) => o.endedAtMs));
    process.stdout.write(`crossing at ${crossedAt}, first refusal as over quota ${firstBlock - crossedAt} ms later\n`);
    expect(firstBlock - crossedAt).toBeLessThan(1_000);
    // Both replicas applied the block (the balancer alternates between them).
    const blocks = await perRouter(t, 'switchyard_router_quota_verdicts_total', 'verdict="block"');
    expect(blocks).toHaveLength(2);
    expect(blocks.every((n) => n > 0)).toBe(true);
    // The other tenant never noticed.
    const theirs = outcomes.filter((o) => o.tenant === 'ten_other');
    expect(theirs.length).toBeGreaterThan(10);
    expect(theirs.filter((o) => o.status !== 200)).toEqual([]);
    expect(theirs.filter((o) => o.startedAtMs > crossedAt).length).toBeGreaterThan(3);

    // Overspend: what ClickHouse metered for the tenant, once everything settled.
    const spent = async () =>
      (
        await t.query<{ cost: number; n: number }>(
          `SELECT sum(cost_micro_usd) AS cost, count() AS n FROM ${t.id}.usage_events WHERE tenant_id = 'ten_block'`,
        )
      )[0]!;
    const succeeded = mine.filter((o) => o.status === 200).length;
    await t.eventually(
      `SELECT count() AS n FROM ${t.id}.usage_events WHERE tenant_id = 'ten_block'`,
      (rows: { n: number }[]) => (rows[0]?.n ?? 0) >= succeeded,
    );
    const total = await spent();
    const bound = overspendBoundMicroUsd({ replicasWithCredit: 2, largestReservationMicroUsd: largestReservation() });
    process.stdout.write(
      `budget ${LIMIT} µ$, spent ${total.cost} µ$ in ${total.n} attempts, overspend ${total.cost - LIMIT} µ$, documented bound ${bound} µ$\n`,
    );
    expect(total.cost).toBeGreaterThanOrEqual(LIMIT);
    expect(total.cost - LIMIT).toBeLessThanOrEqual(bound);

    // The enforcer's counter is the same money ClickHouse metered.
    const counters = (await (
      await fetch(`${t.stack.service('budget-enforcer').url}/v1/budgets/counters?tenant_id=ten_block`, {
        headers: { authorization: `Bearer ${t.stack.operatorToken}` },
      })
    ).json()) as { counters: { used: number; action: string }[] };
    expect(counters.counters).toEqual([expect.objectContaining({ used: total.cost, action: 'DECISION_ACTION_BLOCK' })]);
  });

  it('downgrades to the cheaper model per config, within 1 s of crossing, on both replicas', async () => {
    const key = await t.seeder.issueKey('ten_down');
    await t.waitForConfig();
    const client = new OpenAI({ apiKey: key.plaintext, baseURL: t.baseUrl, maxRetries: 0 });
    const outcomes: Outcome[] = [];
    let lastBig = 0;
    for (let i = 0; i < 400 && outcomes.filter((o) => o.deployment === 'small').length < 20; i++) {
      const o = await call(client, 'ten_down', i);
      outcomes.push(o);
      if (o.deployment === 'big') lastBig = o.startedAtMs;
    }
    expect(outcomes.every((o) => o.status === 200)).toBe(true);
    const small = outcomes.filter((o) => o.deployment === 'small');
    expect(small.length).toBe(20);
    expect(small.every((o) => o.policy === 'budget-downgrade')).toBe(true);
    // Once downgraded, never back on the expensive deployment.
    expect(outcomes.findIndex((o) => o.deployment === 'small')).toBe(outcomes.length - 20);
    // When the spend crossed the limit, from the metered attempts (all of them are the tenant's).
    const big = outcomes.filter((o) => o.deployment === 'big').length;
    const events = await t.eventually<{ at: number; cost: number }>(
      `SELECT occurred_at_ms AS at, cost_micro_usd AS cost FROM ${t.id}.usage_events WHERE tenant_id = 'ten_down' AND deployment_id = 'big' ORDER BY occurred_at_ms`,
      (r) => r.length >= big,
    );
    let running = 0;
    const crossedAt = events.find((e) => (running += e.cost) >= 8_000)?.at ?? 0;
    expect(crossedAt).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o.startedAtMs >= crossedAt + 1_000).every((o) => o.deployment === 'small')).toBe(true);
    expect(small[0]!.startedAtMs - crossedAt).toBeLessThan(1_000);
    expect(lastBig).toBeLessThan(crossedAt + 1_000);
    expect((await perRouter(t, 'switchyard_router_quota_verdicts_total', 'verdict="downgrade"')).every((n) => n > 0)).toBe(true);
  });
});
