import { freePort } from '@switchyard/dev-tools';
import OpenAI from 'openai';
import { WEATHER_SCHEMA } from './conformance/check';
import { MOCK_AWS_SECRET, modelsOf, seedFamily } from './conformance/families';
import { FAMILIES } from './conformance/matrix';
import { TestStack } from './test-stack';

const REPLY = /^Mock reply from /;
const TOOLS: OpenAI.Responses.Tool[] = [
  { type: 'function', name: 'get_weather', description: 'Current weather', parameters: WEATHER_SCHEMA, strict: false },
];

/** POST /v1/responses through the real gateway on every chat family the mock serves, with the official openai SDK. */
describe('OpenAI Responses API', () => {
  let t: TestStack;
  let openai: OpenAI;

  beforeAll(async () => {
    t = await TestStack.start({ mock: { awsSecretAccessKey: MOCK_AWS_SECRET } });
    const deadUrl = `http://127.0.0.1:${await freePort()}`;
    await t.seeder.tenant('ten_resp');
    for (const family of FAMILIES) await seedFamily(t.seeder, family, t.mock.url, deadUrl);
    openai = new OpenAI({ apiKey: (await t.seeder.issueKey('ten_resp')).plaintext, baseURL: t.baseUrl, maxRetries: 0 });
    await t.waitForConfig();
  });

  afterAll(() => t?.stop());

  it.each(FAMILIES)('%s answers create and a streamed create with OpenAI objects', async (family) => {
    const model = modelsOf(family).chat;
    const response = await openai.responses.create({ model, instructions: 'Be brief.', input: 'Hello responses' });
    expect(response).toMatchObject({ object: 'response', status: 'completed', instructions: 'Be brief.' });
    expect(response.id).toMatch(/^resp_/);
    expect(response.output_text).toMatch(REPLY);
    expect(response.usage?.input_tokens).toBeGreaterThan(0);
    expect(response.usage?.total_tokens).toBe((response.usage?.input_tokens ?? 0) + (response.usage?.output_tokens ?? 0));

    const stream = openai.responses.stream({ model, input: [{ role: 'user', content: [{ type: 'input_text', text: 'Hello stream' }] }] });
    const types: string[] = [];
    stream.on('event', (e) => types.push(e.type));
    const final = await stream.finalResponse();
    expect(final.status).toBe('completed');
    expect(final.output_text).toMatch(REPLY);
    expect(final.usage?.output_tokens).toBeGreaterThan(0);
    expect(types.slice(0, 4)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
    ]);
    expect(types[types.length - 1]).toBe('response.completed');
  });

  it.each(FAMILIES)('%s makes a function-call round trip with the output items sent back as input', async (family) => {
    const model = modelsOf(family).chat;
    const input: OpenAI.Responses.ResponseInputItem[] = [{ role: 'user', content: 'What is the weather in Paris?' }];
    const first = await openai.responses.create({ model, input, tools: TOOLS, tool_choice: 'auto' });
    const call = first.output.find((o): o is OpenAI.Responses.ResponseFunctionToolCall => o.type === 'function_call');
    expect(call?.name).toBe('get_weather');
    expect(typeof (JSON.parse(call?.arguments ?? '{}') as { city?: unknown }).city).toBe('string');
    input.push(...(first.output as OpenAI.Responses.ResponseInputItem[]), {
      type: 'function_call_output',
      call_id: call?.call_id ?? '',
      output: '{"temp_c": 18}',
    });
    const second = await openai.responses.create({ model, input, tools: TOOLS });
    expect(second.status).toBe('completed');
    expect(second.output_text).toMatch(REPLY);
  });

  it('streams a function call with its arguments events', async () => {
    const stream = openai.responses.stream({
      model: modelsOf('openai').chat,
      input: 'Weather in Rome?',
      tools: TOOLS,
      tool_choice: 'required',
    });
    const types = new Set<string>();
    stream.on('event', (e) => types.add(e.type));
    const final = await stream.finalResponse();
    const call = final.output.find((o) => o.type === 'function_call');
    expect(call).toMatchObject({ type: 'function_call', name: 'get_weather' });
    expect([...types]).toEqual(expect.arrayContaining(['response.function_call_arguments.delta', 'response.function_call_arguments.done']));
  });

  it.each([
    ['an unknown item type', { input: [{ type: 'telepathy' }] }, 'input[0].type'],
    ['a function_call_output without call_id', { input: [{ type: 'function_call_output', output: 'x' }] }, 'input[0].call_id'],
    ['a built-in web_search tool', { input: 'x', tools: [{ type: 'web_search_preview' }] }, 'tools[0].type'],
  ])('refuses %s with a 400 in OpenAI error shape', async (_, body, param) => {
    const res = await fetch(`${t.baseUrl}/responses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${openai.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: modelsOf('openai').chat, ...body }),
    });
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: { type: string; param: string; message: string } };
    expect(json.error).toMatchObject({ type: 'invalid_request_error', param });
    if (param === 'tools[0].type') expect(json.error.message).toContain('web_search_preview');
  });

  it('records a request row on the responses endpoint with the cost of its tokens', async () => {
    const client = openai.withOptions({ defaultHeaders: { 'x-switchyard-feature': 'resp-cost' } });
    const response = await client.responses.create({ model: modelsOf('openai').chat, input: 'Price me' });
    const usage = response.usage;
    // gpt-4o-mini lists at $0.15 / $0.60 per million tokens: 150 and 600 nano-USD per token.
    const expected = (usage?.input_tokens ?? 0) * 150 + (usage?.output_tokens ?? 0) * 600;
    const rows = await t.eventually<{ input_tokens: number; output_tokens: number; cost_nano_usd: number }>(
      `SELECT input_tokens, output_tokens, cost_nano_usd FROM ${t.id}.request_events WHERE tenant_id = 'ten_resp' AND endpoint = 'responses' AND feature = 'resp-cost'`,
      (r) => r.length >= 1,
    );
    expect(rows).toEqual([{ input_tokens: usage?.input_tokens, output_tokens: usage?.output_tokens, cost_nano_usd: expected }]);
  });
});
