import { seedDemo } from '@switchyard/dev-tools';
import { readFileSync } from 'node:fs';
import OpenAI from 'openai';
import { TestStack } from './test-stack';

/** chat-default (the demo catalog): gpt-4o-mini in two regions first, then gpt-4o. */
const MINI_DEPLOYMENTS = ['gpt-4o-mini-us', 'gpt-4o-mini-eu'];

interface RequestRowView {
  http_status: number;
  status: string;
  attempts: number;
  deployment_id: string;
}

interface UsageRowView {
  status: string;
  attempt_number: number;
}

/** Issue 19, defect 1: a provider's in-stream error must fail over before the first token, and keep its class after it. */
describe('streamed provider errors', () => {
  let t: TestStack;
  let key: string;

  beforeAll(async () => {
    t = await TestStack.start({ extraEnv: { ROUTER_RETRY_BASE_MS: '20', ROUTER_BREAKER_MIN_REQUESTS: '50' } });
    key = (await seedDemo(t.seeder, t.stack.kafkaSettings, t.mock.url)).plaintext;
    await t.waitForConfig();
  });

  afterAll(() => t?.stop());

  /** The 'upstream attempt failed' lines provider-adapters logged for one request (its log is flushed every 200 ms). */
  const failedAttemptLines = async (requestId: string, done: (lines: Record<string, unknown>[]) => boolean) => {
    let lines: Record<string, unknown>[] = [];
    for (let i = 0; i < 40 && !done(lines); i++) {
      await new Promise((r) => setTimeout(r, 250));
      lines = readFileSync(t.stack.service('provider-adapters').logFile, 'utf8')
        .split('\n')
        .filter((l) => l.includes(requestId) && l.includes('upstream attempt failed'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    }
    return lines;
  };

  const stream = (content: string) =>
    fetch(`${t.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'chat-default', stream: true, messages: [{ role: 'user', content }] }),
    });

  it('an in-stream 503 before the first token fails over: 200 from a fallback, attempts >= 2', async () => {
    for (const name of MINI_DEPLOYMENTS) t.mock.setDeployment(name, { streamError: { status: 503, afterChunks: 0 } });
    try {
      const client = new OpenAI({ apiKey: key, baseURL: t.baseUrl, maxRetries: 0 });
      const { data: chunks, response } = await client.chat.completions
        .create({ model: 'chat-default', stream: true, messages: [{ role: 'user', content: 'stream please' }] })
        .withResponse();
      let text = '';
      for await (const chunk of chunks) text += chunk.choices[0]?.delta.content ?? '';
      expect(response.status).toBe(200);
      expect(response.headers.get('x-switchyard-deployment')).toBe('mock-gpt-4o-us');
      const attempts = Number(response.headers.get('x-switchyard-attempts'));
      expect(attempts).toBeGreaterThanOrEqual(2);
      expect(text).toMatch(/^Mock reply from gpt-4o/);

      const requestId = response.headers.get('x-request-id')!;
      const usage = await t.eventually<UsageRowView>(
        `SELECT status, attempt_number FROM ${t.id}.usage_events FINAL WHERE request_id = '${requestId}' ORDER BY attempt_number`,
        (rows) => rows.length >= attempts,
      );
      expect(usage.map((u) => u.status)).toEqual([...Array<string>(attempts - 1).fill('upstream_5xx'), 'ok']);

      // provider-adapters logs each failed attempt (issue 19, defect 9), with no secret or prompt in it.
      const logged = await failedAttemptLines(requestId, (lines) => lines.length >= attempts - 1);
      expect(logged.length).toBe(attempts - 1);
      expect(logged[0]).toMatchObject({
        level: 'warn',
        provider: 'openai',
        deploymentId: expect.stringMatching(/^mock-gpt-4o-mini-/),
        errorClass: 'ERROR_CLASS_UPSTREAM_5XX',
        upstreamStatus: 0,
        error: expect.stringMatching(/^openai error: /),
      });
      expect(JSON.stringify(logged)).not.toMatch(/sk-mock-demo-key|stream please/);
    } finally {
      for (const name of MINI_DEPLOYMENTS) t.mock.setDeployment(name, {});
    }
  });

  it('the repro as filed (the error marker in the prompt, so every deployment fails): retried, and a 502, never a 400', async () => {
    const res = await stream('hello [[mock:stream_error=503,stream_error_after=0]]');
    const body = (await res.json()) as { error?: { type: string; code: string; message: string } };
    expect([res.status, body.error?.type, body.error?.code]).toEqual([502, 'api_error', 'upstream_error']);
    // The provider's own text, saying whose it is.
    expect(body.error?.message).toMatch(/^openai error: /);
    expect(Number(res.headers.get('x-switchyard-attempts'))).toBeGreaterThanOrEqual(2);
  });

  it('after the first token: an upstream_5xx error event, and ClickHouse records upstream_5xx/502', async () => {
    const res = await stream('hello [[mock:stream_error=503,stream_error_after=1]]');
    expect(res.status).toBe(200);
    const frames = (await res.text()).split('\n\n').filter((f) => f.startsWith('data: '));
    expect(frames.some((f) => /"content":"[^"]+"/.test(f))).toBe(true);
    const last = JSON.parse(frames.at(-1)!.slice('data: '.length)) as { error?: { type: string; code: string } };
    expect([last.error?.type, last.error?.code]).toEqual(['api_error', 'upstream_error']);

    const requestId = res.headers.get('x-request-id')!;
    const rows = await t.eventually<RequestRowView>(
      `SELECT http_status, status, attempts, deployment_id FROM ${t.id}.request_events FINAL WHERE request_id = '${requestId}'`,
      (r) => r.length > 0,
    );
    expect(rows[0]).toMatchObject({ http_status: 502, status: 'upstream_5xx', attempts: 1 });
    const usage = await t.eventually<UsageRowView>(
      `SELECT status, attempt_number FROM ${t.id}.usage_events FINAL WHERE request_id = '${requestId}'`,
      (r) => r.length > 0,
    );
    expect(usage.map((u) => u.status)).toEqual(['upstream_5xx']);
  });
});
