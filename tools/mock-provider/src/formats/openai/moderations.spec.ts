import { mockProviderFixture, postJson } from '../../test-support/harness';

const AUTH = { authorization: 'Bearer sk-test' };
const mock = mockProviderFixture();
beforeAll(() => mock.start());
afterAll(() => mock.stop());

interface Moderation {
  id: string;
  model: string;
  results: {
    flagged: boolean;
    categories: Record<string, boolean>;
    category_scores: Record<string, number>;
    category_applied_input_types: Record<string, string[]>;
  }[];
}

describe('OpenAI moderations and Anthropic token counting', () => {
  it('flags an input by its trigger words, one result per string', async () => {
    const res = await postJson(
      `${mock.url}/v1/moderations`,
      { model: 'omni-moderation-latest', input: ['a calm day', 'I will kill it'] },
      AUTH,
    );
    expect(res.status).toBe(200);
    const json = (await res.json()) as Moderation;
    expect(json.id).toMatch(/^modr-/);
    expect(json.model).toBe('omni-moderation-latest');
    expect(json.results.map((r) => r.flagged)).toEqual([false, true]);
    expect(json.results[1]?.categories['violence']).toBe(true);
    expect(json.results[1]?.categories['hate']).toBe(false);
    expect(json.results[1]?.category_scores['violence']).toBeGreaterThan(0.5);
    expect(json.results[1]?.category_applied_input_types['violence']).toEqual(['text']);
  });

  it('judges a multimodal array as one input, with image input types', async () => {
    const input = [
      { type: 'text', text: 'hello' },
      { type: 'image_url', image_url: { url: 'https://example.com/a.png' } },
    ];
    const json = (await (await postJson(`${mock.url}/v1/moderations`, { input }, AUTH)).json()) as Moderation;
    expect(json.results).toHaveLength(1);
    expect(json.results[0]?.category_applied_input_types['violence']).toEqual(['text', 'image']);
    expect(json.results[0]?.category_applied_input_types['hate']).toEqual(['text']);
  });

  it('refuses a bad input and injects faults like any route', async () => {
    expect((await postJson(`${mock.url}/v1/moderations`, { input: 42 }, AUTH)).status).toBe(400);
    expect((await postJson(`${mock.url}/v1/moderations`, { input: 'x' }, {})).status).toBe(401);
    const failed = await postJson(`${mock.url}/v1/moderations`, { input: 'x' }, { ...AUTH, 'x-mock-status': '503' });
    expect(failed.status).toBe(503);
  });

  it('counts the tokens of a messages body as its message usage would', async () => {
    const headers = { 'x-api-key': 'sk-ant', 'anthropic-version': '2023-06-01' };
    const body = { model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Count these words please' }] };
    const counted = await postJson(`${mock.url}/v1/messages/count_tokens`, body, headers);
    expect(counted.status).toBe(200);
    const { input_tokens } = (await counted.json()) as { input_tokens: number };
    const message = (await (await postJson(`${mock.url}/v1/messages`, { ...body, max_tokens: 16 }, headers)).json()) as {
      usage: { input_tokens: number };
    };
    expect(input_tokens).toBe(message.usage.input_tokens);
    const refused = await postJson(`${mock.url}/v1/messages/count_tokens`, { ...body, max_tokens: 16 }, headers);
    expect(refused.status).toBe(400);
  });
});
