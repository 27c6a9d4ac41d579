import { postJson, mockProviderFixture } from '../../test-support/harness';
import type { Chunk, Completion, OpenAIError } from '../../test-support/openai-shapes';
import { parseSse, sseJson } from '../../test-support/sse';

const AUTH = { authorization: 'Bearer sk-test' };
const mock = mockProviderFixture();
beforeAll(() => mock.start());
afterAll(() => mock.stop());
const chatUrl = (): string => `${mock.url}/v1/chat/completions`;

const weatherTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' }, days: { type: 'integer' }, unit: { type: 'string', enum: ['c', 'f'] } },
      required: ['city', 'days'],
    },
  },
};

describe('OpenAI chat completions (JSON)', () => {
  it('returns the full chat.completion field set with deterministic content', async () => {
    const body = {
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'tell me about otters' },
      ],
    };
    const res = await postJson(chatUrl(), body, AUTH);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    const json = (await res.json()) as Completion;
    expect(Object.keys(json)).toEqual(['id', 'object', 'created', 'model', 'choices', 'usage', 'service_tier', 'system_fingerprint']);
    expect(json.id).toMatch(/^chatcmpl-[A-Za-z0-9]{29}$/);
    expect(json.object).toBe('chat.completion');
    expect(json.model).toBe('gpt-4o');
    expect(json.system_fingerprint).toMatch(/^fp_[0-9a-f]{10}$/);
    const [choice] = json.choices;
    expect(choice).toEqual({
      index: 0,
      message: { role: 'assistant', content: expect.stringMatching(/^Mock reply from gpt-4o: tell /), refusal: null, annotations: [] },
      logprobs: null,
      finish_reason: 'stop',
    });
    expect(Object.keys(json.usage)).toEqual([
      'prompt_tokens',
      'completion_tokens',
      'total_tokens',
      'prompt_tokens_details',
      'completion_tokens_details',
    ]);
    expect(json.usage.total_tokens).toBe(json.usage.prompt_tokens + json.usage.completion_tokens);

    const again = (await (await postJson(chatUrl(), body, AUTH)).json()) as Completion;
    expect(again.choices[0]?.message.content).toBe(choice?.message.content);
    expect(again.usage).toEqual(json.usage);
  });

  it('honours replyWords, max_tokens (finish_reason length), cached and reasoning token markers', async () => {
    const short = (await (
      await postJson(chatUrl(), { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi [[mock:words=2]]' }] }, AUTH)
    ).json()) as Completion;
    expect(short.choices[0]?.message.content?.split(': ')[1]?.split(' ')).toHaveLength(2);

    const capped = (await (
      await postJson(chatUrl(), { model: 'gpt-4o', max_tokens: 3, messages: [{ role: 'user', content: 'hi' }] }, AUTH)
    ).json()) as Completion;
    expect(capped.choices[0]?.finish_reason).toBe('length');
    expect(capped.usage.completion_tokens).toBeLessThanOrEqual(3);

    const detailed = (await (
      await postJson(chatUrl(), { model: 'o3', messages: [{ role: 'user', content: 'hi [[mock:cached=4,reasoning=7]]' }] }, AUTH)
    ).json()) as Completion;
    expect(detailed.usage.prompt_tokens_details.cached_tokens).toBe(4);
    expect(detailed.usage.completion_tokens_details.reasoning_tokens).toBe(7);
  });

  it('calls the first tool with arguments satisfying its required fields', async () => {
    const res = await postJson(
      chatUrl(),
      { model: 'gpt-4o', tools: [weatherTool], messages: [{ role: 'user', content: 'weather in Paris' }] },
      AUTH,
    );
    const json = (await res.json()) as Completion;
    const choice = json.choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    expect(choice?.message.content).toBeNull();
    const call = choice?.message.tool_calls?.[0];
    expect(call?.id).toMatch(/^call_/);
    expect(call?.type).toBe('function');
    expect(call?.function.name).toBe('get_weather');
    const args = JSON.parse(call?.function.arguments ?? '') as Record<string, unknown>;
    expect(typeof args['city']).toBe('string');
    expect(Number.isInteger(args['days'])).toBe(true);
  });

  it('answers with text after a tool result and when tool_choice is none', async () => {
    const afterTool = {
      model: 'gpt-4o',
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'weather?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
      ],
    };
    const a = (await (await postJson(chatUrl(), afterTool, AUTH)).json()) as Completion;
    expect(a.choices[0]?.finish_reason).toBe('stop');
    const b = (await (
      await postJson(
        chatUrl(),
        { model: 'gpt-4o', tools: [weatherTool], tool_choice: 'none', messages: [{ role: 'user', content: 'x' }] },
        AUTH,
      )
    ).json()) as Completion;
    expect(b.choices[0]?.finish_reason).toBe('stop');
  });

  it('replies with valid JSON for json_object and json_schema response formats', async () => {
    const obj = (await (
      await postJson(
        chatUrl(),
        { model: 'gpt-4o', response_format: { type: 'json_object' }, messages: [{ role: 'user', content: 'json please' }] },
        AUTH,
      )
    ).json()) as Completion;
    expect(JSON.parse(obj.choices[0]?.message.content ?? '')).toEqual(expect.objectContaining({ model: 'gpt-4o' }));
    const schema = {
      type: 'object',
      properties: {
        name: { type: 'string' },
        age: { type: 'integer', minimum: 18 },
        tags: { type: 'array', items: { type: 'string' } },
        ok: { type: 'boolean' },
      },
      required: ['name', 'age', 'tags', 'ok'],
      additionalProperties: false,
    };
    const res = await postJson(
      chatUrl(),
      {
        model: 'gpt-4o',
        response_format: { type: 'json_schema', json_schema: { name: 'person', strict: true, schema } },
        messages: [{ role: 'user', content: 'a person' }],
      },
      AUTH,
    );
    const parsed = JSON.parse(((await res.json()) as Completion).choices[0]?.message.content ?? '') as Record<string, unknown>;
    expect(typeof parsed['name']).toBe('string');
    expect(parsed['age']).toBeGreaterThanOrEqual(18);
    expect(Array.isArray(parsed['tags'])).toBe(true);
    expect(parsed['ok']).toBe(true);
  });

  it('accepts image parts (data: and https URLs) and acknowledges them', async () => {
    const content = [
      { type: 'text', text: 'what is in these' },
      { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
      { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg', detail: 'low' } },
    ];
    const json = (await (await postJson(chatUrl(), { model: 'gpt-4o', messages: [{ role: 'user', content }] }, AUTH)).json()) as Completion;
    expect(json.choices[0]?.message.content).toContain('(saw 2 images)');
    const textOnly = (await (
      await postJson(chatUrl(), { model: 'gpt-4o', messages: [{ role: 'user', content: 'what is in these' }] }, AUTH)
    ).json()) as Completion;
    expect(json.usage.prompt_tokens).toBeGreaterThan(textOnly.usage.prompt_tokens);

    const bad = await postJson(
      chatUrl(),
      { model: 'gpt-4o', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'ftp://x' } }] }] },
      AUTH,
    );
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as OpenAIError).error.code).toBe('invalid_value');
  });
});

describe('OpenAI chat completions (SSE)', () => {
  it('streams role, content deltas, finish, usage chunk and [DONE] with usage equal to JSON mode', async () => {
    const messages = [{ role: 'user', content: 'stream about rivers and lakes' }];
    const json = (await (await postJson(chatUrl(), { model: 'gpt-4o', messages }, AUTH)).json()) as Completion;
    const res = await postJson(chatUrl(), { model: 'gpt-4o', messages, stream: true, stream_options: { include_usage: true } }, AUTH);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const text = await res.text();
    const events = parseSse(text);
    expect(events.at(-1)?.data).toBe('[DONE]');
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    const chunks = sseJson<Chunk>(text);
    expect(chunks.length).toBeGreaterThan(4);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: '', refusal: null });

    const usageChunk = chunks.at(-1);
    expect(usageChunk?.choices).toEqual([]);
    expect(usageChunk?.usage).toEqual(json.usage);
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
    const finish = chunks.at(-2);
    expect(finish?.choices[0]).toEqual({ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' });

    const streamed = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(streamed).toBe(json.choices[0]?.message.content);
    expect(chunks.every((c) => typeof c.obfuscation === 'string')).toBe(true);
  });

  it('role_first delivers the role-only chunk a chunk delay ahead of the first content', async () => {
    const messages = [{ role: 'user', content: 'late words [[mock:role_first,chunk_delay=300,words=2]]' }];
    const res = await postJson(chatUrl(), { model: 'gpt-4o', messages, stream: true }, AUTH);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const startedAt = Date.now();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(sseJson<Chunk>(first).map((c) => c.choices[0]?.delta)).toEqual([{ role: 'assistant', content: '', refusal: null }]);
    let rest = '';
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest += new TextDecoder().decode(r.value);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(250);
    expect(sseJson<Chunk>(rest)[0]?.choices[0]?.delta.content).not.toBe('');
  });

  it('omits usage entirely without include_usage, and obfuscation when disabled', async () => {
    const res = await postJson(
      chatUrl(),
      { model: 'gpt-4o', stream: true, stream_options: { include_obfuscation: false }, messages: [{ role: 'user', content: 'x' }] },
      AUTH,
    );
    const chunks = sseJson<Chunk>(await res.text());
    expect(chunks.every((c) => !('usage' in c) && !('obfuscation' in c))).toBe(true);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
  });

  it('streams tool calls as id+name first, then argument fragments', async () => {
    const body = { model: 'gpt-4o', tools: [weatherTool], messages: [{ role: 'user', content: 'weather in Oslo' }] };
    const json = (await (await postJson(chatUrl(), body, AUTH)).json()) as Completion;
    const chunks = sseJson<Chunk>(
      await (await postJson(chatUrl(), { ...body, stream: true, stream_options: { include_usage: true } }, AUTH)).text(),
    );
    const first = chunks[0]?.choices[0]?.delta.tool_calls?.[0];
    expect(first).toEqual({
      index: 0,
      id: expect.stringMatching(/^call_/),
      type: 'function',
      function: { name: 'get_weather', arguments: '' },
    });
    const fragments = chunks.slice(1).flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    expect(fragments.length).toBeGreaterThan(1);
    expect(fragments.every((f) => f.id === undefined && f.function.name === undefined)).toBe(true);
    expect(fragments.map((f) => f.function.arguments).join('')).toBe(json.choices[0]?.message.tool_calls?.[0]?.function.arguments);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('tool_calls');
    expect(chunks.at(-1)?.usage).toEqual(json.usage);
  });

  it('signals content_filter from the marker in both modes', async () => {
    const messages = [{ role: 'user', content: 'something bad [[mock:content_filter]]' }];
    const json = (await (await postJson(chatUrl(), { model: 'gpt-4o', messages }, AUTH)).json()) as Completion;
    expect(json.choices[0]?.finish_reason).toBe('content_filter');
    const chunks = sseJson<Chunk>(await (await postJson(chatUrl(), { model: 'gpt-4o', messages, stream: true }, AUTH)).text());
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('content_filter');
  });
});

describe('OpenAI request validation and auth', () => {
  it.each([
    [{}, 'Missing required parameter', undefined],
    [{ model: 'gpt-4o', messages: [] }, 'empty array', 'empty_array'],
    [{ model: 'gpt-4o', messages: [{ role: 'wizard', content: 'x' }] }, "Invalid value: 'wizard'", 'invalid_value'],
    [
      { model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], stream_options: { include_usage: true } },
      'stream_options',
      'invalid_value',
    ],
    [{ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], max_tokens: 0 }, 'below minimum', 'integer_below_min_value'],
  ])('rejects %j with a 400 in OpenAI error shape', async (body, message, code) => {
    const res = await postJson(chatUrl(), body, AUTH);
    expect(res.status).toBe(400);
    const json = (await res.json()) as OpenAIError;
    expect(Object.keys(json.error)).toEqual(['message', 'type', 'param', 'code']);
    expect(json.error.type).toBe('invalid_request_error');
    const bodyModel = (body as { model?: string }).model;
    expect(json.error.message).toContain(bodyModel === undefined ? 'you must provide a model parameter' : message);
    if (code && bodyModel !== undefined) expect(json.error.code).toBe(code);
  });

  it('rejects invalid JSON', async () => {
    const res = await fetch(chatUrl(), { method: 'POST', headers: { ...AUTH, 'content-type': 'application/json' }, body: '{nope' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as OpenAIError).error.message).toMatch(/could not parse the JSON body/);
  });

  it('requires a bearer token', async () => {
    for (const headers of [{}, { authorization: 'Bearer ' }, { authorization: 'Basic abc' }] as Record<string, string>[]) {
      const res = await postJson(chatUrl(), { model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }, headers);
      expect(res.status).toBe(401);
      const json = (await res.json()) as OpenAIError;
      expect(json.error.type).toBe('invalid_request_error');
      expect(json.error.message).toMatch(/didn't provide an API key/);
    }
  });
});
