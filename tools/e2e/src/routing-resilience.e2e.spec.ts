import { DEMO_CATALOG, importCatalog, seedDemo } from '@switchyard/dev-tools';
import OpenAI from 'openai';
import { chat, routerDeployments, seedMockDeployments, sleep } from './routing-support';
import { TestStack } from './test-stack';

const BREAKER_RESET_MS = 2_000;

interface RequestRowView {
  request_id: string;
  http_status: number;
  deployment_id: string;
  attempts: number;
  policy: string;
  alias: string;
}

describe('routing resilience: fallback chains, circuit breakers, allow-lists, catalog import', () => {
  let t: TestStack;
  let key: string;

  beforeAll(async () => {
    t = await TestStack.start({
      extraEnv: { ROUTER_BREAKER_MIN_REQUESTS: '3', ROUTER_BREAKER_RESET_MS: String(BREAKER_RESET_MS), ROUTER_RETRY_BASE_MS: '20' },
    });
    await seedMockDeployments(t, [
      { id: 'fo-primary' },
      { id: 'fo-backup' },
      { id: 'br-primary' },
      { id: 'br-backup' },
      { id: 'cut-primary' },
    ]);
    await t.seeder.alias('failover', ['fo-primary', 'fo-backup']);
    await t.seeder.alias('cut', ['cut-primary', 'fo-backup']);
    await t.seeder.feature('ten_route', 'support-copilot', 'failover');
    await t.seeder.alias('breaker', ['br-primary', 'br-backup']);
    await t.seeder.plan('free', { name: 'Free', allowedModels: ['failover'] });
    await t.seeder.tenant('ten_route');
    await t.seeder.tenant('ten_free', { planId: 'free' });
    key = (await t.seeder.issueKey('ten_route')).plaintext;
    await t.waitForConfig();
  });

  afterAll(() => t?.stop());

  it('primary down: every request still succeeds via the fallback, and the request events say so', async () => {
    t.mock.setDeployment('fo-primary', { failRate: 1, failStatus: 503 });
    const results = [];
    for (let i = 0; i < 12; i++) results.push(await chat(t, key, 'failover'));
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(200));
    expect(new Set(results.map((r) => r.deployment))).toEqual(new Set(['fo-backup']));
    expect(results[0]?.attempts).toBe(2);
    expect(results[0]?.headers.get('x-switchyard-alias')).toBe('failover');
    expect(results[0]?.headers.get('x-switchyard-policy')).toBe('reliable');
    expect(results[0]?.body.choices?.[0]?.message.content).toMatch(/^Mock reply from gpt-4o-mini/);

    const requestId = results[0]!.headers.get('x-request-id')!;
    const rows = await t.eventually<RequestRowView>(
      `SELECT * FROM ${t.id}.request_events WHERE request_id = '${requestId}'`,
      (r) => r.length > 0,
    );
    expect(rows[0]).toMatchObject({ http_status: 200, deployment_id: 'fo-backup', attempts: 2, policy: 'reliable', alias: 'failover' });
  });

  it('primary down: streams fail over before their first token', async () => {
    const client = new OpenAI({ apiKey: key, baseURL: t.baseUrl, maxRetries: 0 });
    const { data: stream, response } = await client.chat.completions
      .create({ model: 'failover', stream: true, messages: [{ role: 'user', content: 'stream please' }] })
      .withResponse();
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(response.headers.get('x-switchyard-deployment')).toBe('fo-backup');
    expect(text).toMatch(/^Mock reply from gpt-4o-mini/);
  });

  it('streams: after the first token, a failure ends the stream with a clear error event (no failover)', async () => {
    t.mock.setDeployment('cut-primary', { streamError: { status: 529, afterChunks: 1 } });
    const res = await fetch(`${t.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'cut', stream: true, messages: [{ role: 'user', content: 'stream please' }] }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-switchyard-deployment')).toBe('cut-primary');
    const frames = (await res.text()).split('\n\n').filter((f) => f.startsWith('data: '));
    // Content reached the caller before the break: failing over now would duplicate it.
    expect(frames.some((f) => /"content":"[^"]+"/.test(f))).toBe(true);
    const last = JSON.parse(frames[frames.length - 1]!.slice('data: '.length)) as { error?: { message: string; type: string } };
    expect(last.error?.message).toBeTruthy();
    expect(frames).not.toContain('data: [DONE]');
  });

  it("the feature tag routes to the feature's configured alias", async () => {
    t.mock.setDeployment('fo-primary', {});
    const r = await chat(t, key, 'gpt-4o', {}, { 'x-switchyard-feature': 'support-copilot' });
    expect(r.status).toBe(200);
    expect(r.headers.get('x-switchyard-alias')).toBe('failover');
    expect(r.deployment).toMatch(/^fo-/);
  });

  it('the breaker opens after the configured failures (primary skipped), then half-opens and closes after recovery', async () => {
    t.mock.setDeployment('br-primary', { failRate: 1, failStatus: 500 });
    const before = [];
    for (let i = 0; i < 3; i++) before.push(await chat(t, key, 'breaker'));
    expect(before.map((r) => [r.status, r.deployment, r.attempts])).toEqual(Array(3).fill([200, 'br-backup', 2]));
    expect((await routerDeployments(t)).find((d) => d.deploymentId === 'br-primary')?.breaker).toBe('open');

    const primaryCalls = () => t.mock.requests(1000).filter((r) => r.deployment === 'br-primary').length;
    const callsWhenOpened = primaryCalls();
    const open = [];
    for (let i = 0; i < 5; i++) open.push(await chat(t, key, 'breaker'));
    expect(open.map((r) => [r.status, r.deployment, r.attempts])).toEqual(Array(5).fill([200, 'br-backup', 1]));
    expect(primaryCalls()).toBe(callsWhenOpened);

    t.mock.setDeployment('br-primary', {});
    await sleep(BREAKER_RESET_MS + 300);
    expect((await routerDeployments(t)).find((d) => d.deploymentId === 'br-primary')?.breaker).toBe('half-open');
    const probe = await chat(t, key, 'breaker');
    expect([probe.status, probe.deployment, probe.attempts]).toEqual([200, 'br-primary', 1]);
    expect((await routerDeployments(t)).find((d) => d.deploymentId === 'br-primary')?.breaker).toBe('closed');
    const after = await chat(t, key, 'breaker');
    expect(after.deployment).toBe('br-primary');
  });

  it("a model outside the caller's plan is refused with a clear 403, never swapped", async () => {
    const freeKey = (await t.seeder.issueKey('ten_free')).plaintext;
    await t.waitForConfig();
    const refused = await chat(t, freeKey, 'fo-backup');
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({
      type: 'permission_error',
      code: 'permission_denied',
      message: "The model 'fo-backup' is not available on your plan 'Free'. Models on your plan: failover.",
    });
    expect((await chat(t, freeKey, 'failover')).status).toBe(200);
  });

  it('the versioned catalog file is imported as config events, idempotently, and its aliases route', async () => {
    await t.seeder.credential('mock-openai', 'openai', 'sk-mock-demo-key');
    const first = await importCatalog(t.stack.kafkaSettings, DEMO_CATALOG, { MOCK_PROVIDER_URL: t.mock.url });
    expect(first.written).toEqual(
      expect.arrayContaining(['deployment mock-gpt-4o-mini-us', 'alias chat-default', 'experiment summarize-mini-vs-nano']),
    );
    const second = await importCatalog(t.stack.kafkaSettings, DEMO_CATALOG, { MOCK_PROVIDER_URL: t.mock.url });
    expect(second).toEqual({ version: first.version, written: [], unchanged: first.written.length });
    await t.waitForConfig();

    const routed = await chat(t, key, 'chat-default');
    expect(routed.status).toBe(200);
    expect(routed.headers.get('x-switchyard-alias')).toBe('chat-default');
    expect(routed.deployment).toMatch(/^mock-gpt-4o-mini-(us|eu)$/);
    const models = (await (await fetch(`${t.baseUrl}/models`, { headers: { authorization: `Bearer ${key}` } })).json()) as {
      data: { id: string }[];
    };
    expect(models.data.map((m) => m.id)).toEqual(expect.arrayContaining(['chat-default', 'summarize', 'policy:cheapest', 'gpt-4o-mini']));
    // The demo's moderation deployment serves OpenAI's default moderation model.
    const moderated = await new OpenAI({ apiKey: key, baseURL: t.baseUrl, maxRetries: 0 }).moderations
      .create({ model: 'omni-moderation-latest', input: 'I will attack you' })
      .withResponse();
    expect(moderated.data.results[0]?.flagged).toBe(true);
    expect(moderated.response.headers.get('x-switchyard-deployment')).toBe('mock-moderation-us');
  });

  it("npm start's demo seed (plans, features, the catalog) routes aliases, experiments and features", async () => {
    const demoKey = (await seedDemo(t.seeder, t.stack.kafkaSettings, t.mock.url)).plaintext;
    await t.waitForConfig();
    const summary = await chat(t, demoKey, 'summarize', { user: 'demo-user' });
    expect(summary.status).toBe(200);
    expect(['control', 'candidate']).toContain(summary.headers.get('x-switchyard-arm'));
    expect(summary.headers.get('x-switchyard-policy')).toBe('cheapest');
    const support = await chat(t, demoKey, 'gpt-4o', {}, { 'x-switchyard-feature': 'support-copilot' });
    expect([support.status, support.headers.get('x-switchyard-alias')]).toEqual([200, 'chat-default']);
    // The demo's Imagen deployment (gemini family, its own demo credential) draws images.
    const drawn = await new OpenAI({ apiKey: demoKey, baseURL: t.baseUrl, maxRetries: 0 }).images
      .generate({ model: 'imagen-4.0-generate-001', prompt: 'a harbour at dawn' })
      .withResponse();
    expect(drawn.response.headers.get('x-switchyard-deployment')).toBe('mock-imagen-4-us');
    expect(drawn.data.data?.[0]?.b64_json).toBeDefined();
  });
});
