import Anthropic from '@anthropic-ai/sdk';
import { credentialRef } from '@switchyard/control-plane';
import { apiKeyIdOf } from '@switchyard/mock-provider';
import OpenAI from 'openai';
import { TestStack } from './test-stack';

/**
 * Issue 18, item 9: billing-grade usage. Streamed and cached calls through the
 * official SDKs are stored with their cached tokens, cache writes once and a
 * nonzero cost, reasoning split out; a cancelled stream is recorded, flagged
 * estimated; the reconciliation report against the providers' usage APIs
 * (served by the mock from the traffic it saw) shows no drift for honest
 * traffic, metered reasoning tokens against the providers' "not reported",
 * and flags a provider that over-reports; the scheduled daily run is counted.
 */
describe('usage ledger: streamed, cached and cancelled usage, reconciled with the providers', () => {
  let t: TestStack;
  let key: string;
  const secrets = { openai: 'sk-ledger-openai', anthropic: 'sk-ant-ledger' };
  const refs = { openai: credentialRef('', 'cred-led-openai'), anthropic: credentialRef('', 'cred-led-anthropic') };
  const today = new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    // The sources need the mock's URL: start it first through the stack's own options, then point metering at it.
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const mockUrl = `http://127.0.0.1:${port}`;
    const sources = [
      {
        provider: 'openai',
        baseUrl: `${mockUrl}/v1`,
        adminKey: 'admin',
        credentials: { [apiKeyIdOf('openai', secrets.openai)]: refs.openai },
      },
      {
        provider: 'anthropic',
        baseUrl: `${mockUrl}/v1`,
        adminKey: 'admin',
        credentials: { [apiKeyIdOf('anthropic', secrets.anthropic)]: refs.anthropic },
      },
    ];
    t = await TestStack.start({
      services: ['provider-adapters', 'router', 'ingress', 'metering'],
      mock: { port },
      extraEnv: {
        USAGE_RECONCILIATION_SOURCES: JSON.stringify(sources),
        USAGE_RECONCILIATION_DRIFT_TOKENS: '5',
        // The daily run, once more at startup: metering is ready only after it, so its counter is already there.
        USAGE_RECONCILIATION_RUN_ON_START: 'true',
      },
    });
    await t.seeder.credential('cred-led-openai', 'openai', secrets.openai);
    await t.seeder.credential('cred-led-anthropic', 'anthropic', secrets.anthropic);
    await t.seeder.credential('cred-led-cancel', 'openai', 'sk-ledger-cancel');
    await t.seeder.deployment({
      id: 'led-openai',
      model: 'led-gpt',
      provider: 'openai',
      upstreamModel: 'gpt-4o-mini',
      baseUrl: `${t.mock.url}/d/led-openai/v1`,
      credentialId: 'cred-led-openai',
    });
    await t.seeder.deployment({
      id: 'led-anthropic',
      model: 'led-claude',
      provider: 'anthropic',
      upstreamModel: 'claude-sonnet-4-20250514',
      baseUrl: `${t.mock.url}/d/led-anthropic/v1`,
      credentialId: 'cred-led-anthropic',
      options: { default_max_tokens: '256' },
    });
    await t.seeder.deployment({
      id: 'led-cancel',
      model: 'led-cancel',
      provider: 'openai',
      upstreamModel: 'gpt-4o-mini',
      baseUrl: `${t.mock.url}/d/led-cancel/v1`,
      credentialId: 'cred-led-cancel',
    });
    t.mock.setDeployment('led-cancel', { replyWords: 200, chunkDelayMs: 50 });
    await t.seeder.tenant('ten_ledger');
    key = (await t.seeder.issueKey('ten_ledger')).plaintext;
    await t.waitForConfig();
  });

  afterAll(() => t?.stop());

  interface Row {
    deployment_id: string;
    stream: number;
    input_tokens: number;
    output_tokens: number;
    cached_input_tokens: number;
    cache_write_tokens: number;
    reasoning_tokens: number;
    usage_estimated: number;
    cost_nano_usd: number;
    credential_ref: string;
  }
  const rows = (deployment: string, n: number) =>
    t.eventually<Row>(
      `SELECT deployment_id, stream, input_tokens, output_tokens, cached_input_tokens, cache_write_tokens, reasoning_tokens, usage_estimated, cost_nano_usd, credential_ref
       FROM ${t.id}.usage_events FINAL WHERE deployment_id = '${deployment}' ORDER BY occurred_at_ms`,
      (r) => r.length >= n,
    );
  const reconciliation = async () =>
    (await (
      await fetch(`${t.stack.service('metering').url}/v1/usage/reconciliation?date=${today}`, {
        headers: { authorization: `Bearer ${t.stack.operatorToken}` },
      })
    ).json()) as {
      lines: Array<{
        credential: string;
        driftRatio: number;
        flagged: boolean;
        reasoningTokens: { metered: number; reported: number | null };
      }>;
    };
  const meteringMetrics = async () => (await fetch(`${t.stack.service('metering').url}/metrics`)).text();

  it('stores streamed and cached calls with their cached tokens, cache writes once, reasoning split out and a nonzero cost', async () => {
    const openai = new OpenAI({
      apiKey: key,
      baseURL: t.baseUrl,
      maxRetries: 0,
    });
    // The mock provider reads its usage directives from the prompt.
    const stream = await openai.chat.completions.create({
      model: 'led-gpt',
      messages: [{ role: 'user', content: 'Tell me something about ledgers and how they balance. [[mock:cached=8,reasoning=5]]' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let clientUsage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) clientUsage = chunk.usage ?? clientUsage;
    expect(clientUsage?.prompt_tokens_details?.cached_tokens).toBe(8);
    await openai.chat.completions.create({
      model: 'led-gpt',
      messages: [{ role: 'user', content: 'And once more, unstreamed. [[mock:cached=8,reasoning=5]]' }],
    });

    const anthropic = new Anthropic({
      apiKey: key,
      baseURL: t.stack.service('ingress').url,
      maxRetries: 0,
    });
    const message = await anthropic.messages
      .stream({
        model: 'led-claude',
        max_tokens: 100,
        messages: [{ role: 'user', content: 'Hello there, ledger friend! [[mock:cached=6]]' }],
      })
      .finalMessage();
    expect(message.usage.cache_read_input_tokens).toBe(6);

    const [streamed, plain] = await rows('led-openai', 2);
    expect(streamed).toMatchObject({
      stream: 1,
      cached_input_tokens: 8,
      reasoning_tokens: 5,
      usage_estimated: 0,
      credential_ref: refs.openai,
    });
    expect(streamed!.input_tokens).toBe(clientUsage!.prompt_tokens);
    expect(streamed!.cost_nano_usd).toBeGreaterThan(0);
    expect(plain).toMatchObject({ stream: 0, cached_input_tokens: 8, reasoning_tokens: 5 });
    const [claude] = await rows('led-anthropic', 1);
    expect(claude).toMatchObject({ stream: 1, cached_input_tokens: 6, usage_estimated: 0, credential_ref: refs.anthropic });
    // Anthropic's input_tokens excludes cache reads; ours is the whole prompt, each part once.
    expect(claude!.input_tokens).toBe(message.usage.input_tokens + 6 + (message.usage.cache_creation_input_tokens ?? 0));
    expect(claude!.cost_nano_usd).toBeGreaterThan(0);
  });

  it('records a stream the client cancelled, flagged estimated', async () => {
    const openai = new OpenAI({ apiKey: key, baseURL: t.baseUrl, maxRetries: 0 });
    const stream = await openai.chat.completions.create({
      model: 'led-cancel',
      messages: [{ role: 'user', content: 'Write a long story.' }],
      stream: true,
    });
    let seen = 0;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) seen += 1;
      if (seen >= 3) break; // leaving the loop aborts the request: the client went away
    }
    const [cancelled] = await rows('led-cancel', 1);
    expect(cancelled).toMatchObject({ stream: 1, usage_estimated: 1 });
    expect(cancelled!.input_tokens).toBeGreaterThan(0);
    expect(cancelled!.output_tokens).toBeGreaterThan(0);
    expect(cancelled!.cost_nano_usd).toBeGreaterThan(0);
  });

  it('reconciles with the providers: zero drift for honest traffic, flagged when the provider over-reports', async () => {
    const honest = await reconciliation();
    for (const ref of [refs.openai, refs.anthropic]) {
      expect(honest.lines.find((l) => l.credential === ref)).toMatchObject({ driftRatio: 0, flagged: false });
    }
    // Two OpenAI calls with 5 reasoning tokens each; OpenAI's usage API has no reasoning figure: not reported, not 0.
    expect(honest.lines.find((l) => l.credential === refs.openai)?.reasoningTokens).toEqual({ metered: 10, reported: null });
    expect(honest.lines.find((l) => l.credential === refs.anthropic)?.reasoningTokens).toEqual({ metered: 0, reported: null });
    await fetch(`${t.mock.url}/_mock/usage-report`, { method: 'PUT', body: JSON.stringify({ overReportRatio: 1.5 }) });
    const drifted = await reconciliation();
    expect(drifted.lines.find((l) => l.credential === refs.openai)).toMatchObject({ flagged: true });
    expect(drifted.lines.find((l) => l.credential === refs.anthropic)).toMatchObject({ flagged: true });
    const metrics = await meteringMetrics();
    expect(metrics).toMatch(/switchyard_usage_reconciliation_drift_ratio\{credential="[^"]*cred-led-openai",provider="openai"[^}]*\} 0\.3/);
  });

  it('runs the scheduled reconciliation (here at startup, for the previous UTC day) and counts it', async () => {
    const metrics = await meteringMetrics();
    expect(metrics).toMatch(/^switchyard_usage_reconciliation_runs_total\{outcome="ok"[^}]*\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^switchyard_usage_reconciliation_runs_total\{outcome="failed"[^}]*\} 0$/m);
  });
});
