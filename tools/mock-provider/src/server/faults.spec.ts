import { postJson, readUntilClose, mockProviderFixture } from '../test-support/harness';
import { parseSse, sseJson } from '../test-support/sse';

// The injection machinery is shared by every family; it is exercised here through the OpenAI routes.
const mock = mockProviderFixture({ deployments: { preset: { latencyMs: 1 } } });
beforeAll(() => mock.start());
afterAll(() => mock.stop());
const AUTH = { authorization: 'Bearer sk-secret-value' };
const chat = (content: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  model: 'gpt-4o',
  messages: [{ role: 'user', content }],
  ...extra,
});
const url = (path = '/v1/chat/completions'): string => `${mock.url}${path}`;
const control = (method: string, path: string, body?: unknown): Promise<Response> =>
  fetch(url(`/_mock/${path}`), {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

interface ErrorBody {
  error: { message: string; type: string; code: string | null; param: string | null };
}

afterEach(async () => {
  await control('POST', 'reset');
});

describe('status injection', () => {
  it.each([
    [500, 'server_error'],
    [503, 'server_error'],
    [400, 'invalid_request_error'],
    [404, 'invalid_request_error'],
  ])('x-mock-status %i answers with the provider error shape', async (status, type) => {
    const res = await postJson(url(), chat('x'), { ...AUTH, 'x-mock-status': String(status) });
    expect(res.status).toBe(status);
    const body = (await res.json()) as ErrorBody;
    expect(Object.keys(body.error)).toEqual(['message', 'type', 'param', 'code']);
    expect(body.error.type).toBe(type);
  });

  it('429 carries retry-after and OpenAI rate-limit headers', async () => {
    const res = await postJson(url(), chat('x'), { ...AUTH, 'x-mock-status': '429', 'x-mock-retry-after': '12' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('12');
    expect(res.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(res.headers.get('x-ratelimit-reset-requests')).toBe('12s');
    expect(((await res.json()) as ErrorBody).error.code).toBe('rate_limit_exceeded');
  });

  it('reads the same controls from a marker in the last user message', async () => {
    const res = await postJson(url(), chat('hello [[mock:status=429,retry_after=4]]'), AUTH);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('4');
    const ok = await postJson(
      url(),
      {
        model: 'gpt-4o',
        messages: [
          { role: 'user', content: 'old [[mock:status=500]]' },
          { role: 'assistant', content: 'a' },
          { role: 'user', content: 'new' },
        ],
      },
      AUTH,
    );
    expect(ok.status).toBe(200);
  });

  it('produces a context-length error from the marker and from the configured window', async () => {
    const forced = await postJson(url(), chat('short [[mock:context_length]]'), AUTH);
    expect(forced.status).toBe(400);
    expect(((await forced.json()) as ErrorBody).error).toEqual(
      expect.objectContaining({ code: 'context_length_exceeded', param: 'messages' }),
    );
    await control('PUT', 'config', { contextWindowTokens: 20 });
    const big = await postJson(url(), chat('word '.repeat(50)), AUTH);
    expect(big.status).toBe(400);
    expect(((await big.json()) as ErrorBody).error.message).toMatch(/maximum context length is 20 tokens/);
  });
});

describe('timing injection', () => {
  it('x-mock-latency-ms delays the response headers', async () => {
    const start = Date.now();
    const res = await postJson(url(), chat('x'), { ...AUTH, 'x-mock-latency-ms': '250' });
    expect(Date.now() - start).toBeGreaterThanOrEqual(240);
    expect(res.status).toBe(200);
    await res.text();
  });

  it('sends stream headers at once, then first-token delay, then chunk delays', async () => {
    const start = Date.now();
    const res = await postJson(url(), chat('a b [[mock:words=2]]', { stream: true }), {
      ...AUTH,
      'x-mock-first-token-delay-ms': '200',
      'x-mock-chunk-delay-ms': '40',
    });
    const headersAt = Date.now() - start;
    expect(headersAt).toBeLessThan(150);
    const reader = res.body!.getReader();
    await reader.read();
    const firstAt = Date.now() - start;
    expect(firstAt).toBeGreaterThanOrEqual(190);
    let text = '';
    for (let r = await reader.read(); !r.done; r = await reader.read()) text += new TextDecoder().decode(r.value);
    // words=2 → prefix(4 pieces)+2 words = 6 pieces → 5 more content groups + closing group.
    expect(Date.now() - start - firstAt).toBeGreaterThanOrEqual(5 * 40 - 10);
    expect(text).toContain('[DONE]');
  });
});

describe('stream interruption', () => {
  it('cut=N drops the connection after N chunk groups without [DONE]', async () => {
    const res = await postJson(url(), chat('one two three four [[mock:cut=2]]', { stream: true }), AUTH);
    const { text, cleanEnd } = await readUntilClose(res);
    expect(cleanEnd).toBe(false);
    const chunks = sseJson<{ choices: { delta: { content?: string } }[] }>(text);
    // Group 0 = role + first content chunk, group 1 = one more content chunk.
    expect(chunks).toHaveLength(3);
    expect(text).not.toContain('[DONE]');
  });

  it('x-mock-cut-after-chunks on a JSON reply truncates the body', async () => {
    const res = await postJson(url(), chat('x'), { ...AUTH, 'x-mock-cut-after-chunks': '1' });
    const { text, cleanEnd } = await readUntilClose(res);
    expect(cleanEnd).toBe(false);
    expect(() => JSON.parse(text) as unknown).toThrow();
  });

  it('stream_error sends an in-stream error after the given chunks', async () => {
    const res = await postJson(url(), chat('x [[mock:stream_error=500,stream_error_after=2]]', { stream: true }), AUTH);
    expect(res.status).toBe(200);
    const events = parseSse(await res.text());
    const last = JSON.parse(events.at(-1)?.data ?? '{}') as ErrorBody;
    expect(last.error.type).toBe('server_error');
    expect(events.some((e) => e.data === '[DONE]')).toBe(false);
  });
});

describe('hold until release', () => {
  it('sends the first content chunk, waits for POST /_mock/release/<token>, then finishes', async () => {
    const res = await postJson(url(), chat('held reply', { stream: true }), { ...AUTH, 'x-mock-hold-until-release': 'tok-1' });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = decoder.decode((await reader.read()).value);
    const first = sseJson<{ choices: { delta: { content?: string } }[] }>(text);
    expect(first.map((c) => c.choices[0]?.delta.content)).toEqual(['', 'Mock']);

    const next = reader.read();
    const raced = await Promise.race([next.then(() => 'data'), new Promise((r) => setTimeout(() => r('waiting'), 200))]);
    expect(raced).toBe('waiting');

    const released = (await (await control('POST', 'release/tok-1')).json()) as { released: number };
    expect(released.released).toBe(1);
    const chunk = await next;
    text += decoder.decode(chunk.value);
    for (let r = await reader.read(); !r.done; r = await reader.read()) text += decoder.decode(r.value);
    expect(text).toContain('[DONE]');
  });

  it('works from a marker too', async () => {
    const pending = postJson(url(), chat('held [[mock:hold=tok-2]]', { stream: true }), AUTH).then((r) => r.text());
    await new Promise((r) => setTimeout(r, 100));
    expect(((await (await control('POST', 'release/tok-2')).json()) as { released: number }).released).toBe(1);
    expect(await pending).toContain('[DONE]');
  });
});

describe('configured behaviour', () => {
  it('rateLimit.everyNth limits every Nth request of the scope with its retry-after', async () => {
    await control('PUT', 'config', { rateLimit: { everyNth: 2, retryAfterSeconds: 9 } });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await postJson(url(), chat('x'), AUTH);
      statuses.push(res.status);
      if (res.status === 429) expect(res.headers.get('retry-after')).toBe('9');
      await res.text();
    }
    expect(statuses).toEqual([200, 429, 200, 429]);
  });

  it('failRate is reproducible for a given seed', async () => {
    const run = async (): Promise<number[]> => {
      await control('PUT', 'config', { failRate: 0.5, failStatus: 503, seed: 42 });
      const out: number[] = [];
      for (let i = 0; i < 10; i++) out.push((await postJson(url(), chat('x'), AUTH)).status);
      return out;
    };
    const first = await run();
    expect(new Set(first)).toEqual(new Set([200, 503]));
    expect(await run()).toEqual(first);
  });

  it('rejects invalid control bodies', async () => {
    expect((await control('PUT', 'config', { failRate: 2 })).status).toBe(400);
    expect((await control('PUT', 'config', { bogus: 1 })).status).toBe(400);
  });

  it('virtual deployments get their own behaviour under /d/<name>/', async () => {
    const put = await control('PUT', 'deployments/slow', { latencyMs: 200, replyWords: 1 });
    expect(put.status).toBe(200);
    await control('PUT', 'deployments/broken', { failRate: 1, failStatus: 502 });

    let start = Date.now();
    const slow = (await (await postJson(url('/d/slow/v1/chat/completions'), chat('alpha beta'), AUTH)).json()) as {
      choices: { message: { content: string } }[];
    };
    expect(Date.now() - start).toBeGreaterThanOrEqual(190);
    expect(slow.choices[0]?.message.content).toBe('Mock reply from gpt-4o: alpha.');

    start = Date.now();
    expect((await postJson(url(), chat('alpha'), AUTH)).status).toBe(200);
    expect(Date.now() - start).toBeLessThan(150);
    expect((await postJson(url('/d/broken/v1/chat/completions'), chat('x'), AUTH)).status).toBe(502);

    const listed = (await (await control('GET', 'config')).json()) as { deployments: Record<string, unknown> };
    expect(Object.keys(listed.deployments).sort()).toEqual(['broken', 'preset', 'slow']);
    await control('DELETE', 'deployments/broken');
    expect((await postJson(url('/d/broken/v1/chat/completions'), chat('x'), AUTH)).status).toBe(200);
  });

  it('start options seed deployments, and DELETE restores them', async () => {
    await control('PUT', 'deployments/preset', { latencyMs: 0, failRate: 1 });
    expect((await postJson(url('/d/preset/v1/chat/completions'), chat('x'), AUTH)).status).toBe(500);
    await control('DELETE', 'deployments/preset');
    const got = (await (await control('GET', 'deployments/preset')).json()) as { behaviour: unknown };
    expect(got.behaviour).toEqual({ latencyMs: 1 });
  });
});

describe('request journal and health', () => {
  interface Journal {
    requests: {
      method: string;
      path: string;
      query: Record<string, string>;
      headers: Record<string, string>;
      body: { messages: unknown[] };
      deployment: string | null;
      format: string | null;
      status: number | null;
    }[];
  }

  it('records what the upstream saw with secrets masked', async () => {
    await control('DELETE', 'requests');
    await (await postJson(url('/d/east/v1/chat/completions?trace=1'), chat('journal me'), { ...AUTH, 'x-custom': 'yes' })).text();
    await (await postJson(url(), chat('second'), { ...AUTH, 'x-mock-status': '503' })).text();
    const { requests } = (await (await fetch(url('/_mock/requests?limit=1'))).json()) as Journal;
    expect(requests).toHaveLength(1);
    expect(requests[0]?.status).toBe(503);

    const all = ((await (await fetch(url('/_mock/requests?limit=10'))).json()) as Journal).requests;
    expect(all).toHaveLength(2);
    const first = all[0];
    expect(first).toEqual(
      expect.objectContaining({
        method: 'POST',
        path: '/d/east/v1/chat/completions',
        query: { trace: '1' },
        deployment: 'east',
        format: 'openai',
        status: 200,
      }),
    );
    expect(first?.body.messages).toEqual([{ role: 'user', content: 'journal me' }]);
    expect(first?.headers['x-custom']).toBe('yes');
    expect(first?.headers['authorization']).toMatch(/^Bearer \*\*\*sha256:[0-9a-f]{12}$/);
    expect(JSON.stringify(all)).not.toContain('sk-secret-value');

    const filtered = ((await (await fetch(url('/_mock/requests?deployment=east'))).json()) as Journal).requests;
    expect(filtered).toHaveLength(1);
    await control('DELETE', 'requests');
    expect(((await (await fetch(url('/_mock/requests'))).json()) as Journal).requests).toEqual([]);
  });

  it('exposes health', async () => {
    const res = await fetch(url('/_mock/health'));
    expect(await res.json()).toEqual(expect.objectContaining({ status: 'ok' }));
  });

  it('answers unknown routes with 404', async () => {
    expect((await fetch(url('/v2/nothing'))).status).toBe(404);
  });
});
