import { apiKeyIdOf } from '../behaviour/usage-book';
import { mockProviderFixture, postJson } from '../test-support/harness';

const mock = mockProviderFixture();
beforeAll(mock.start);
afterAll(mock.stop);

const today = new Date().toISOString().slice(0, 10);
const startS = Date.parse(`${today}T00:00:00Z`) / 1000;
const chat = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello there, how are you?' }] };

async function openAiReport(): Promise<{ data: Array<{ results: Array<Record<string, unknown>> }> }> {
  const url = `${mock.url}/v1/organization/usage/completions?start_time=${startS}&bucket_width=1d&group_by=api_key_id&group_by=model`;
  return (await fetch(url)).json() as Promise<{ data: Array<{ results: Array<Record<string, unknown>> }> }>;
}

describe('usage APIs computed from served traffic', () => {
  beforeEach(() => fetch(`${mock.url}/_mock/reset`, { method: 'POST' }));

  it('reports what OpenAI chat calls (streamed and not) billed, per api key, day and model, reasoning inside output', async () => {
    const auth = { authorization: 'Bearer sk-one', 'x-mock-cached-tokens': '4', 'x-mock-reasoning-tokens': '3' };
    const plain = (await (await postJson(`${mock.url}/v1/chat/completions`, chat, auth)).json()) as { usage: Record<string, number> };
    await (
      await postJson(`${mock.url}/v1/chat/completions`, { ...chat, stream: true, stream_options: { include_usage: true } }, auth)
    ).text();
    const [bucket] = (await openAiReport()).data;
    expect(bucket?.results).toEqual([
      expect.objectContaining({
        api_key_id: apiKeyIdOf('openai', 'sk-one'),
        model: 'gpt-4o-mini',
        num_model_requests: 2,
        input_tokens: 2 * plain.usage['prompt_tokens']!,
        output_tokens: 2 * plain.usage['completion_tokens']!,
        input_cached_tokens: 8,
      }),
    ]);
    // output_tokens is completion_tokens, the 3 reasoning tokens included: the usage API has no reasoning field of its own.
    expect(Object.keys(bucket?.results[0] ?? {}).filter((k) => /reasoning/.test(k))).toEqual([]);
  });

  it('over-reports by the fault-injection ratio', async () => {
    await postJson(`${mock.url}/v1/chat/completions`, chat, { authorization: 'Bearer sk-one' });
    const honest = (await openAiReport()).data[0]?.results[0]?.['input_tokens'] as number;
    await fetch(`${mock.url}/_mock/usage-report`, { method: 'PUT', body: JSON.stringify({ overReportRatio: 2 }) });
    expect((await openAiReport()).data[0]?.results[0]?.['input_tokens']).toBe(2 * honest);
  });

  it('reports Anthropic messages with cache reads split out of input, thinking inside output (no reasoning field)', async () => {
    const headers = {
      'x-api-key': 'sk-ant',
      'anthropic-version': '2023-06-01',
      'x-mock-cached-tokens': '5',
      'x-mock-reasoning-tokens': '7',
    };
    const message = (await (
      await postJson(
        `${mock.url}/v1/messages`,
        { model: 'claude-sonnet-4-6', max_tokens: 50, messages: [{ role: 'user', content: 'Hello there, friend!' }] },
        headers,
      )
    ).json()) as { usage: Record<string, number> };
    const q = `starting_at=${today}T00:00:00Z&bucket_width=1d&group_by[]=api_key_id`;
    const body = (await (await fetch(`${mock.url}/v1/organizations/usage_report/messages?${q}`)).json()) as {
      data: Array<{ results: Array<Record<string, unknown>> }>;
    };
    expect(body.data[0]?.results).toEqual([
      expect.objectContaining({
        api_key_id: apiKeyIdOf('anthropic', 'sk-ant'),
        cache_read_input_tokens: 5,
        output_tokens: message.usage['output_tokens'],
      }),
    ]);
    expect(Object.keys(body.data[0]?.results[0] ?? {}).filter((k) => /reasoning|thinking/.test(k))).toEqual([]);
  });
});
