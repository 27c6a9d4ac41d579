import OpenAI from 'openai';
import { TestStack } from './test-stack';

describe('ingress shutdown (SIGTERM) while a stream is in flight', () => {
  let t: TestStack;
  let client: OpenAI;

  beforeAll(async () => {
    t = await TestStack.start({ extraEnv: { SHUTDOWN_GRACE_MS: '700' } });
    client = new OpenAI({ apiKey: (await t.tenantWithModel('ten_drain')).plaintext, baseURL: t.baseUrl, maxRetries: 0 });
  });

  afterAll(() => t?.stop());

  it('stops being ready, lets the stream finish, and still delivers its request event', async () => {
    const { data: stream, response } = await client.chat.completions
      .create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'Hold on [[mock:hold=drain-1]]' }] })
      .withResponse();
    const requestId = response.headers.get('x-request-id') ?? '';
    const iterator = stream[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.done).toBe(false);

    const ingress = t.stack.service('ingress');
    const stopped = ingress.stop();
    // During the grace period the instance reports not ready, so balancers stop sending to it.
    await new Promise((r) => setTimeout(r, 300));
    expect((await fetch(`${ingress.url}/readyz`)).status).toBe(503);

    t.mock.release('drain-1');
    let text = (first.value as OpenAI.ChatCompletionChunk).choices[0]?.delta.content ?? '';
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      text += next.value.choices[0]?.delta.content ?? '';
    }
    expect(text).toMatch(/Mock reply from gpt-4o-mini/);
    await stopped;
    expect(ingress.running).toBe(false);

    const rows = await t.eventually<{ status: string; http_status: number }>(
      `SELECT status, http_status FROM ${t.id}.request_events WHERE request_id = '${requestId}'`,
      (r) => r.length > 0,
    );
    expect(rows).toEqual([{ status: 'ok', http_status: 200 }]);
  });
});
