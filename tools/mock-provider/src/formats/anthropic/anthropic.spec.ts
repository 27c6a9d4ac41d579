import Anthropic from '@anthropic-ai/sdk';
import { mockProviderFixture, postJson, readUntilClose } from '../../test-support/harness';
import { parseSse } from '../../test-support/sse';

const mock = mockProviderFixture();
beforeAll(() => mock.start());
afterAll(() => mock.stop());

const HEADERS = { 'x-api-key': 'sk-ant-test', 'anthropic-version': '2023-06-01' };
const url = (): string => `${mock.url}/v1/messages`;

interface Usage {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
}
interface Message {
  id: string;
  type: string;
  role: string;
  model: string;
  content: { type: string; text?: string; id?: string; name?: string; input?: Record<string, unknown> }[];
  stop_reason: string;
  stop_sequence: null;
  usage: Usage;
}
interface StreamEvent {
  type: string;
  index?: number;
  message?: Message;
  content_block?: Record<string, unknown>;
  delta?: { type?: string; text?: string; partial_json?: string; stop_reason?: string };
  usage?: { output_tokens: number };
  error?: { type: string; message: string };
}
interface ErrorBody {
  type: string;
  error: { type: string; message: string };
  request_id: string;
}

const tool = {
  name: 'get_weather',
  description: 'Weather',
  input_schema: { type: 'object', properties: { location: { type: 'string' }, days: { type: 'number' } }, required: ['location'] },
};
const basic = (content: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  model: 'claude-sonnet-4-6',
  max_tokens: 1024,
  messages: [{ role: 'user', content }],
  ...extra,
});

function events(text: string): StreamEvent[] {
  return parseSse(text).map((e) => {
    const data = JSON.parse(e.data) as StreamEvent;
    expect(e.event).toBe(data.type);
    return data;
  });
}

describe('Anthropic Messages (JSON)', () => {
  it('returns a message with the exact field set', async () => {
    const res = await postJson(url(), basic('hello claude', { system: [{ type: 'text', text: 'be nice' }] }), HEADERS);
    expect(res.status).toBe(200);
    expect(res.headers.get('request-id')).toMatch(/^req_/);
    expect(res.headers.get('anthropic-ratelimit-requests-limit')).toBeTruthy();
    const msg = (await res.json()) as Message;
    expect(Object.keys(msg)).toEqual(['id', 'type', 'role', 'model', 'content', 'stop_reason', 'stop_sequence', 'usage']);
    expect(msg.id).toMatch(/^msg_01/);
    expect(msg).toEqual(
      expect.objectContaining({
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-6',
        stop_reason: 'end_turn',
        stop_sequence: null,
      }),
    );
    expect(msg.content).toEqual([{ type: 'text', text: expect.stringMatching(/^Mock reply from claude-sonnet-4-6: hello/) }]);
    expect(Object.keys(msg.usage)).toEqual([
      'input_tokens',
      'cache_creation_input_tokens',
      'cache_read_input_tokens',
      'cache_creation',
      'output_tokens',
      'service_tier',
    ]);
  });

  it('splits cached tokens out of input_tokens and maps max_tokens and refusal', async () => {
    const plain = (await (await postJson(url(), basic('cache test'), HEADERS)).json()) as Message;
    const cached = (await (await postJson(url(), basic('cache test [[mock:cached=5]]'), HEADERS)).json()) as Message;
    expect(cached.usage.cache_read_input_tokens).toBe(5);
    expect(cached.usage.input_tokens + 5).toBeGreaterThanOrEqual(plain.usage.input_tokens);
    const capped = (await (await postJson(url(), { ...basic('x'), max_tokens: 2 }, HEADERS)).json()) as Message;
    expect(capped.stop_reason).toBe('max_tokens');
    const refused = (await (await postJson(url(), basic('bad [[mock:content_filter]]'), HEADERS)).json()) as Message;
    expect(refused.stop_reason).toBe('refusal');
  });

  it('accepts image, tool_use and tool_result blocks and answers tool_use for tools', async () => {
    const withImage = (await (
      await postJson(
        url(),
        basic([
          { type: 'text', text: 'see' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
        ]),
        HEADERS,
      )
    ).json()) as Message;
    expect(withImage.content[0]?.text).toContain('(saw 1 image)');

    const call = (await (await postJson(url(), basic('weather in Rome?', { tools: [tool] }), HEADERS)).json()) as Message;
    expect(call.stop_reason).toBe('tool_use');
    expect(call.content[0]).toEqual({
      type: 'tool_use',
      id: expect.stringMatching(/^toolu_01/),
      name: 'get_weather',
      input: { location: expect.any(String) },
    });

    const afterResult = {
      model: 'claude-sonnet-4-6',
      max_tokens: 100,
      tools: [tool],
      messages: [
        { role: 'user', content: 'weather in Rome?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { location: 'Rome' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'sunny' }] },
      ],
    };
    const final = (await (await postJson(url(), afterResult, HEADERS)).json()) as Message;
    expect(final.stop_reason).toBe('end_turn');
  });

  it('validates headers and body with Anthropic error shapes', async () => {
    const noKey = await postJson(url(), basic('x'), { 'anthropic-version': '2023-06-01' });
    expect(noKey.status).toBe(401);
    expect(((await noKey.json()) as ErrorBody).error.type).toBe('authentication_error');
    const noVersion = await postJson(url(), basic('x'), { 'x-api-key': 'k' });
    expect(noVersion.status).toBe(400);
    expect(((await noVersion.json()) as ErrorBody).error.message).toBe('anthropic-version: header is required');
    const noMax = await postJson(url(), { model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'x' }] }, HEADERS);
    expect(noMax.status).toBe(400);
    const body = (await noMax.json()) as ErrorBody;
    expect(body).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'max_tokens: Field required' },
      request_id: expect.stringMatching(/^req_/),
    });
    const badRole = await postJson(url(), { model: 'm', max_tokens: 5, messages: [{ role: 'system', content: 'x' }] }, HEADERS);
    expect(((await badRole.json()) as ErrorBody).error.message).toContain("Input should be 'user' or 'assistant'");
  });
});

describe('Anthropic Messages (SSE)', () => {
  it('emits the documented event order with usage split between message_start and message_delta', async () => {
    const json = (await (await postJson(url(), basic('stream me please'), HEADERS)).json()) as Message;
    const res = await postJson(url(), basic('stream me please', { stream: true }), HEADERS);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const evs = events(await res.text());
    const types = evs.map((e) => e.type);
    const deltaCount = types.filter((t) => t === 'content_block_delta').length;
    expect(deltaCount).toBeGreaterThan(3);
    expect(types).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      ...Array<string>(deltaCount).fill('content_block_delta'),
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    const start = evs[0]?.message;
    expect(start?.content).toEqual([]);
    expect(start?.stop_reason).toBeNull();
    expect(start?.usage.input_tokens).toBe(json.usage.input_tokens);
    expect(start?.usage.cache_read_input_tokens).toBe(0);
    expect(evs[1]?.content_block).toEqual({ type: 'text', text: '' });
    const text = evs
      .filter((e) => e.type === 'content_block_delta')
      .map((e) => e.delta?.text ?? '')
      .join('');
    expect(text).toBe(json.content[0]?.text);
    const messageDelta = evs.at(-2);
    expect(messageDelta?.delta).toEqual({ stop_reason: 'end_turn', stop_sequence: null });
    expect(messageDelta?.usage).toEqual({ output_tokens: json.usage.output_tokens });
  });

  it('streams tool_use with input_json_delta fragments', async () => {
    const json = (await (await postJson(url(), basic('weather?', { tools: [tool] }), HEADERS)).json()) as Message;
    const evs = events(await (await postJson(url(), basic('weather?', { tools: [tool], stream: true }), HEADERS)).text());
    expect(evs[1]?.content_block).toEqual({ type: 'tool_use', id: expect.stringMatching(/^toolu_/), name: 'get_weather', input: {} });
    const partial = evs
      .filter((e) => e.type === 'content_block_delta')
      .map((e) => {
        expect(e.delta?.type).toBe('input_json_delta');
        return e.delta?.partial_json ?? '';
      });
    expect(JSON.parse(partial.join(''))).toEqual(json.content[0]?.input);
    expect(evs.at(-2)?.delta?.stop_reason).toBe('tool_use');
  });

  it('sends an in-stream overloaded error event', async () => {
    const res = await postJson(url(), basic('x [[mock:stream_error=529]]', { stream: true }), HEADERS);
    expect(res.status).toBe(200);
    const evs = events(await res.text());
    expect(evs.at(-1)).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
    expect(evs.some((e) => e.type === 'message_stop')).toBe(false);
  });

  it('can be cut mid-stream', async () => {
    const { text, cleanEnd } = await readUntilClose(
      await postJson(url(), basic('x', { stream: true }), { ...HEADERS, 'x-mock-cut-after-chunks': '2' }),
    );
    expect(cleanEnd).toBe(false);
    expect(text).toContain('content_block_delta');
    expect(text).not.toContain('message_stop');
  });
});

describe('Anthropic faults', () => {
  it.each([
    [529, 'overloaded_error'],
    [500, 'api_error'],
    [400, 'invalid_request_error'],
    [401, 'authentication_error'],
  ])('status %i uses error type %s', async (status, type) => {
    const res = await postJson(url(), basic(`x [[mock:status=${status}]]`), HEADERS);
    expect(res.status).toBe(status);
    expect(((await res.json()) as ErrorBody).error.type).toBe(type);
  });

  it('429 carries retry-after and anthropic-ratelimit headers', async () => {
    const res = await postJson(url(), basic('x'), { ...HEADERS, 'x-mock-status': '429', 'x-mock-retry-after': '5' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.headers.get('anthropic-ratelimit-requests-remaining')).toBe('0');
    expect(Date.parse(res.headers.get('anthropic-ratelimit-requests-reset') ?? '')).toBeGreaterThan(Date.now());
    expect(((await res.json()) as ErrorBody).error.type).toBe('rate_limit_error');
  });

  it('reports prompt too long', async () => {
    const res = await postJson(url(), basic('x [[mock:context_length]]'), HEADERS);
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.message).toMatch(/^prompt is too long: \d+ tokens > \d+ maximum$/);
  });

  it('holds the stream after the first text delta until released', async () => {
    const res = await postJson(url(), basic('hold me [[mock:hold=anth-1]]', { stream: true }), HEADERS);
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain('text_delta');
    expect(first).not.toContain('message_stop');
    const next = reader.read();
    expect(await Promise.race([next.then(() => 'data'), new Promise((r) => setTimeout(() => r('held'), 150))])).toBe('held');
    await fetch(`${mock.url}/_mock/release/anth-1`, { method: 'POST' });
    await next;
    for (let r = await reader.read(); !r.done; r = await reader.read());
  });
});

describe('official @anthropic-ai/sdk against the mock', () => {
  const client = (): Anthropic => new Anthropic({ apiKey: 'sk-ant-test', baseURL: mock.url, maxRetries: 0 });

  it('creates a message', async () => {
    const msg = await client().messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hi sdk' }],
    });
    const block = msg.content[0];
    expect(block?.type === 'text' ? block.text : '').toMatch(/^Mock reply from claude-sonnet-4-6: hi/);
    expect(msg.usage.output_tokens).toBeGreaterThan(0);
  });

  it('streams a message and assembles the same content and usage', async () => {
    const params = { model: 'claude-sonnet-4-6', max_tokens: 100, messages: [{ role: 'user' as const, content: 'stream via sdk' }] };
    const plain = await client().messages.create(params);
    const stream = client().messages.stream(params);
    const seen: string[] = [];
    stream.on('streamEvent', (e) => seen.push(e.type));
    const final = await stream.finalMessage();
    expect(final.content).toEqual(plain.content);
    expect(final.usage.output_tokens).toBe(plain.usage.output_tokens);
    expect(final.usage.input_tokens).toBe(plain.usage.input_tokens);
    expect(seen[0]).toBe('message_start');
    expect(seen.at(-1)).toBe('message_stop');
  });

  it('streams tool use through the SDK', async () => {
    const stream = client().messages.stream({
      model: 'claude-sonnet-4-6',
      max_tokens: 100,
      tools: [
        { name: 'get_weather', input_schema: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] } },
      ],
      messages: [{ role: 'user', content: 'weather?' }],
    });
    const final = await stream.finalMessage();
    expect(final.stop_reason).toBe('tool_use');
    const block = final.content[0];
    expect(block?.type === 'tool_use' ? block.input : undefined).toEqual({ location: expect.any(String) });
  });

  it('maps injected errors to SDK error classes', async () => {
    const call = client().messages.create(
      { model: 'claude-sonnet-4-6', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] },
      { headers: { 'x-mock-status': '429', 'x-mock-retry-after': '2' } },
    );
    await expect(call).rejects.toBeInstanceOf(Anthropic.RateLimitError);
    const overloaded = client().messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 10,
      messages: [{ role: 'user', content: 'x [[mock:status=529]]' }],
    });
    await expect(overloaded).rejects.toMatchObject({ status: 529 });
  });
});
