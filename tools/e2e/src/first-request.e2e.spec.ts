import { readFile } from 'node:fs/promises';
import OpenAI from 'openai';
import { TestStack } from './test-stack';

interface UsageRowView {
  request_id: string;
  tenant_id: string;
  deployment_id: string;
  stream: number;
  input_tokens: number;
  output_tokens: number;
  cost_micro_usd: number;
  latency_ms: number;
  status: string;
}

interface RequestRowView {
  request_id: string;
  http_status: number;
  status: string;
  input_tokens: number;
  output_tokens: number;
  cost_micro_usd: number;
}

// gpt-4o-mini list price: $0.15 per million input tokens, $0.60 per million output tokens.
const expectedCost = (input: number, output: number) => Math.round((input * 150_000 + output * 600_000) / 1_000_000);

describe('first request end to end (official openai client -> ingress -> router -> adapters -> mock -> Kafka -> metering -> ClickHouse)', () => {
  let t: TestStack;
  let client: OpenAI;

  beforeAll(async () => {
    t = await TestStack.start();
    const key = await t.tenantWithModel('ten_first');
    client = new OpenAI({ apiKey: key.plaintext, baseURL: t.baseUrl, maxRetries: 0 });
  });

  afterAll(() => t?.stop());

  it('answers a chat completion in OpenAI shape and meters it in ClickHouse', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello there' }] })
      .withResponse();
    expect(data.object).toBe('chat.completion');
    expect(data.choices[0]?.message.content).toMatch(/^Mock reply from gpt-4o-mini/);
    expect(data.choices[0]?.finish_reason).toBe('stop');
    expect(data.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(response.headers.get('x-switchyard-deployment')).toBe('ten_first-gpt-4o-mini');
    const requestId = response.headers.get('x-request-id') ?? '';

    const usage = await t.eventually<UsageRowView>(
      `SELECT * FROM ${t.id}.usage_events WHERE request_id = '${requestId}'`,
      (rows) => rows.length > 0,
    );
    expect(usage).toHaveLength(1);
    expect(usage[0]).toMatchObject({
      tenant_id: 'ten_first',
      deployment_id: 'ten_first-gpt-4o-mini',
      stream: 0,
      input_tokens: data.usage?.prompt_tokens,
      output_tokens: data.usage?.completion_tokens,
      cost_micro_usd: expectedCost(data.usage!.prompt_tokens, data.usage!.completion_tokens),
      status: 'ok',
    });
    expect(usage[0]!.latency_ms).toBeGreaterThanOrEqual(0);

    const requests = await t.eventually<RequestRowView>(
      `SELECT * FROM ${t.id}.request_events WHERE request_id = '${requestId}'`,
      (rows) => rows.length > 0,
    );
    expect(requests[0]).toMatchObject({
      http_status: 200,
      status: 'ok',
      input_tokens: data.usage?.prompt_tokens,
      output_tokens: data.usage?.completion_tokens,
    });
  });

  it('streams with usage and meters the stream', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Stream to me' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined;
    let finish: string | null = null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toMatch(/^Mock reply from gpt-4o-mini/);
    expect(finish).toBe('stop');
    expect(usage?.completion_tokens).toBeGreaterThan(0);

    const rows = await t.eventually<UsageRowView>(
      `SELECT * FROM ${t.id}.usage_events WHERE tenant_id = 'ten_first' AND stream = 1`,
      (r) => r.length > 0,
    );
    expect(rows[0]).toMatchObject({
      input_tokens: usage?.prompt_tokens,
      output_tokens: usage?.completion_tokens,
      cost_micro_usd: expectedCost(usage!.prompt_tokens, usage!.completion_tokens),
    });
  });

  it("logs each request's tenant, model and deployment on its request log line, and never the key", async () => {
    const { response } = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Log me' }] })
      .withResponse();
    const streamed = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Log me' }],
      stream: true,
    });
    for await (const chunk of streamed) void chunk;
    const refused = await fetch(`${t.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${client.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: 'not a list' }),
    });
    expect(refused.status).toBe(400);
    const lines = async () =>
      (await readFile(t.stack.service('ingress').logFile, 'utf8'))
        .split('\n')
        .filter((l) => l.includes('"http request"') && l.includes('/v1/chat/completions'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    // Log lines are written in batches: wait for this test's own lines (earlier tests wrote others).
    const requestId = response.headers.get('x-request-id');
    const complete = (rows: Record<string, unknown>[]) =>
      rows.some((l) => l['requestId'] === requestId) && rows.some((l) => l['status'] === 400);
    let logged: Record<string, unknown>[] = [];
    for (let i = 0; i < 50 && !complete(logged); i++) {
      logged = await lines();
      if (!complete(logged)) await new Promise((r) => setTimeout(r, 100));
    }
    const mine = logged.find((l) => l['requestId'] === requestId);
    expect(mine).toMatchObject({ status: 200, tenantId: 'ten_first', model: 'gpt-4o-mini', deploymentId: 'ten_first-gpt-4o-mini' });
    expect(logged.filter((l) => l['status'] === 200).every((l) => l['deploymentId'] === 'ten_first-gpt-4o-mini')).toBe(true);
    expect(logged.find((l) => l['status'] === 400)).toMatchObject({ tenantId: 'ten_first', model: 'gpt-4o-mini', deploymentId: '' });
    const all = await readFile(t.stack.service('ingress').logFile, 'utf8');
    expect(all).not.toContain(client.apiKey);
  });
});
