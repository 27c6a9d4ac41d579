import { ChatRequest, ChatRole, ErrorClass, FinishReason, ResponseFormatType, ToolChoiceMode } from '@switchyard/contracts';
import {
  bodyOf,
  credential,
  decodeAll,
  image,
  PNG_DATA_URL,
  summarize,
  system,
  target,
  toolRoundTrip,
  user,
} from '../../test-support/fixtures';
import { anthropicFamily } from './index';
import { DEFAULT_ANTHROPIC_MAX_TOKENS } from './chat-request';

const t = target('anthropic', { upstreamModel: 'claude-sonnet-4-5' });

describe('anthropic request', () => {
  it('splits system prompts out, requires max_tokens and sends Anthropic headers', () => {
    const req = ChatRequest.fromPartial({
      model: 'm',
      messages: [system('Be brief.'), user('Hi'), { ...system('Also polite.'), role: ChatRole.CHAT_ROLE_DEVELOPER }],
      stop: ['END'],
      temperature: 0.3,
    });
    const up = anthropicFamily.chatRequest(t, req, credential, false);
    expect(up.url).toBe('https://api.example.test/v1/messages');
    expect(up.headers).toMatchObject({ 'x-api-key': 'sk-test', 'anthropic-version': '2023-06-01' });
    expect(bodyOf(up)).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: DEFAULT_ANTHROPIC_MAX_TOKENS,
      system: 'Be brief.\n\nAlso polite.',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      stop_sequences: ['END'],
      temperature: 0.3,
    });
  });

  it('takes max_tokens from the caller, else from the deployment option', () => {
    const req = ChatRequest.fromPartial({ model: 'm', messages: [user('Hi')] });
    expect(
      bodyOf(anthropicFamily.chatRequest(target('anthropic', { options: { default_max_tokens: '1024' } }), req, credential, false))[
        'max_tokens'
      ],
    ).toBe(1024);
    expect(bodyOf(anthropicFamily.chatRequest(t, { ...req, maxTokens: 77 }, credential, true))).toMatchObject({
      max_tokens: 77,
      stream: true,
    });
  });

  it('maps tool calls to tool_use and tool results to tool_result in a user turn', () => {
    const body = bodyOf(
      anthropicFamily.chatRequest(
        t,
        { ...toolRoundTrip(), toolChoice: { mode: ToolChoiceMode.TOOL_CHOICE_MODE_REQUIRED, functionName: '' } },
        credential,
        false,
      ),
    );
    expect(body['messages']).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_1', content: '{"temp_c":18}' }] },
    ]);
    expect(body['tools']).toEqual([
      {
        name: 'get_weather',
        description: 'Current weather',
        input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      },
    ]);
    expect(body['tool_choice']).toEqual({ type: 'any' });
  });

  it('sends data: images as base64 blocks and https images as url blocks', () => {
    const req = ChatRequest.fromPartial({ model: 'm', messages: [image(PNG_DATA_URL), image('https://example.test/cat.jpg')] });
    const messages = bodyOf(anthropicFamily.chatRequest(t, req, credential, false))['messages'] as { content: unknown[] }[];
    expect(messages).toHaveLength(1);
    expect(messages[0]!.content).toEqual([
      { type: 'text', text: 'what is this?' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
      { type: 'text', text: 'what is this?' },
      { type: 'image', source: { type: 'url', url: 'https://example.test/cat.jpg' } },
    ]);
  });

  it('serves JSON mode through one forced answer tool whose schema is the wanted answer', () => {
    const object = ChatRequest.fromPartial({
      model: 'claude',
      messages: [user('x')],
      responseFormat: { type: ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_OBJECT },
    });
    expect(anthropicFamily.unsupportedFeature(object, t)).toBeUndefined();
    expect(bodyOf(anthropicFamily.chatRequest(t, object, credential, false))).toMatchObject({
      tools: [{ name: 'switchyard_json_answer', description: expect.any(String), input_schema: { type: 'object' } }],
      tool_choice: { type: 'tool', name: 'switchyard_json_answer' },
    });
    const schema = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
    const structured = {
      ...object,
      responseFormat: {
        type: ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA,
        schemaName: 'place',
        schemaJson: JSON.stringify(schema),
      },
    };
    expect(bodyOf(anthropicFamily.chatRequest(t, structured, credential, true))['tools']).toEqual([
      { name: 'switchyard_json_answer', description: expect.stringContaining('place'), input_schema: schema },
    ]);
  });

  it('names what it cannot do for the model', () => {
    const json = ChatRequest.fromPartial({
      model: 'claude',
      messages: [user('x')],
      responseFormat: { type: ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_OBJECT },
    });
    expect(anthropicFamily.unsupportedFeature({ ...json, tools: toolRoundTrip().tools }, t)).toMatch(
      /'claude'.*anthropic.*JSON mode \(response_format\) together with tools/,
    );
    const list = {
      ...json,
      responseFormat: { type: ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA, schemaName: 'l', schemaJson: '{"type":"array"}' },
    };
    expect(anthropicFamily.unsupportedFeature(list, t)).toMatch(/schema's root is not an object/);
    const bmp = ChatRequest.fromPartial({ model: 'claude', messages: [image('data:image/bmp;base64,Qk0=')] });
    expect(anthropicFamily.unsupportedFeature(bmp, t)).toMatch(/image\/bmp/);
    const hot = ChatRequest.fromPartial({ model: 'claude', messages: [user('x')], temperature: 1.5 });
    expect(anthropicFamily.unsupportedFeature(hot, t)).toMatch(/temperature above 1/);
    expect(anthropicFamily.unsupportedFeature(toolRoundTrip(), t)).toBeUndefined();
  });
});

describe('anthropic response', () => {
  it('maps content blocks, stop reason and usage including cache reads and writes', () => {
    const body = Buffer.from(
      JSON.stringify({
        id: 'msg_01',
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5',
        content: [
          { type: 'thinking', thinking: 'hmm', signature: 'x' },
          { type: 'text', text: 'Let me check.' },
          { type: 'tool_use', id: 'toolu_01', name: 'get_weather', input: { city: 'Paris' } },
        ],
        stop_reason: 'tool_use',
        stop_sequence: null,
        usage: { input_tokens: 10, cache_creation_input_tokens: 20, cache_read_input_tokens: 30, output_tokens: 5 },
      }),
    );
    const mapped = anthropicFamily.chatResponse(200, {}, body);
    if (!mapped.ok) throw new Error('expected ok');
    expect(mapped.value.choices[0]).toMatchObject({
      content: 'Let me check.',
      toolCalls: [{ id: 'toolu_01', name: 'get_weather', argumentsJson: '{"city":"Paris"}' }],
      finishReason: FinishReason.FINISH_REASON_TOOL_CALLS,
    });
    expect(mapped.value.usage).toEqual({
      audioInputTokens: 0,
      audioOutputTokens: 0,
      inputTokens: 60,
      outputTokens: 5,
      cachedInputTokens: 30,
      cacheWriteTokens: 20,
      reasoningTokens: 0,
      estimated: false,
    });
  });

  it("returns the JSON answer tool's input as the content, finishing with stop", () => {
    const body = Buffer.from(
      JSON.stringify({
        id: 'msg_02',
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5',
        content: [
          { type: 'text', text: 'Here it is:' },
          { type: 'tool_use', id: 'toolu_02', name: 'switchyard_json_answer', input: { city: 'Paris', temp_c: 18 } },
        ],
        stop_reason: 'tool_use',
        usage: { input_tokens: 10, output_tokens: 5 },
      }),
    );
    const mapped = anthropicFamily.chatResponse(200, {}, body);
    if (!mapped.ok) throw new Error('expected ok');
    expect(mapped.value.choices[0]).toMatchObject({
      content: '{"city":"Paris","temp_c":18}',
      hasContent: true,
      toolCalls: [],
      finishReason: FinishReason.FINISH_REASON_STOP,
    });
  });

  it.each([
    [400, 'invalid_request_error', 'prompt is too long: 210000 tokens > 200000 maximum', ErrorClass.ERROR_CLASS_CONTEXT_LENGTH],
    [400, 'invalid_request_error', 'max_tokens: Field required', ErrorClass.ERROR_CLASS_INVALID_REQUEST],
    [401, 'authentication_error', 'invalid x-api-key', ErrorClass.ERROR_CLASS_AUTH],
    [429, 'rate_limit_error', 'slow down', ErrorClass.ERROR_CLASS_RATE_LIMITED],
    [529, 'overloaded_error', 'Overloaded', ErrorClass.ERROR_CLASS_UPSTREAM_5XX],
    [504, 'timeout_error', 'Request timed out', ErrorClass.ERROR_CLASS_TIMEOUT],
  ])('maps HTTP %s %s to the taxonomy', (status, type, message, errorClass) => {
    const error = anthropicFamily.errorResponse(
      status,
      { 'retry-after': '7' },
      Buffer.from(JSON.stringify({ type: 'error', error: { type, message } })),
    );
    expect(error).toMatchObject({ errorClass, message, upstreamStatus: status, retryAfterMs: 7000, providerCode: type });
  });

  it('reads anthropic-ratelimit-* headers', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    const headers = {
      'anthropic-ratelimit-requests-remaining': '12',
      'anthropic-ratelimit-tokens-remaining': '3400',
      'anthropic-ratelimit-requests-reset': '2025-01-01T00:00:30Z',
    };
    const info = anthropicFamily.rateLimit(headers);
    expect(info).toMatchObject({ present: true, remainingRequests: 12, remainingTokens: 3400 });
    expect(info.resetRequestsMs).toBeLessThanOrEqual(Date.parse('2025-01-01T00:00:30Z') - Math.min(now, Date.now()));
  });
});

const sse = (events: [string, unknown][]): Buffer =>
  Buffer.from(events.map(([type, data]) => `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`).join(''));

const TOOL_STREAM: [string, unknown][] = [
  [
    'message_start',
    {
      type: 'message_start',
      message: {
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5',
        content: [],
        stop_reason: null,
        usage: { input_tokens: 40, cache_read_input_tokens: 8, cache_creation_input_tokens: 0, output_tokens: 1 },
      },
    },
  ],
  ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
  ['ping', { type: 'ping' }],
  ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Checking ' } }],
  ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'now.' } }],
  ['content_block_stop', { type: 'content_block_stop', index: 0 }],
  [
    'content_block_start',
    { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_9', name: 'get_weather', input: {} } },
  ],
  ['content_block_delta', { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '' } }],
  ['content_block_delta', { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"city": "Par' } }],
  ['content_block_delta', { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: 'is"}' } }],
  ['content_block_stop', { type: 'content_block_stop', index: 1 }],
  ['message_delta', { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 25 } }],
  ['message_stop', { type: 'message_stop' }],
];

describe('anthropic stream', () => {
  it('decodes text and tool_use blocks, with usage joined from message_start and message_delta', () => {
    const events = decodeAll(anthropicFamily.streamDecoder(), sse(TOOL_STREAM));
    expect(summarize(events)).toEqual([
      'role',
      'text:Checking now.',
      'tool:0:toolu_9:get_weather:',
      'tool:0:::{"city": "Par',
      'tool:0:::is"}',
      `finish:${FinishReason.FINISH_REASON_TOOL_CALLS}`,
      'usage:48/25',
    ]);
    expect(events[0]).toMatchObject({ upstreamId: 'msg_1', model: 'claude-sonnet-4-5' });
    const usage = events.find((e) => e.event?.$case === 'usage');
    expect(usage?.event?.$case === 'usage' && usage.event.usage).toMatchObject({ cachedInputTokens: 8, estimated: false });
  });

  it('reports a stream cut before message_stop as interrupted, keeping the input tokens it saw', () => {
    const decoder = anthropicFamily.streamDecoder();
    const events = decodeAll(decoder, sse(TOOL_STREAM.slice(0, 5)), false);
    expect(summarize(events)).toEqual(['role', 'text:Checking now.', `error:${ErrorClass.ERROR_CLASS_STREAM_INTERRUPTED}`]);
    expect(decoder.usageSoFar?.()).toMatchObject({ inputTokens: 48, cachedInputTokens: 8, estimated: true });
  });

  it("streams the JSON answer tool's input fragments as content", () => {
    const stream: [string, unknown][] = [
      [
        'message_start',
        { type: 'message_start', message: { id: 'msg_3', model: 'claude-sonnet-4-5', usage: { input_tokens: 12, output_tokens: 1 } } },
      ],
      [
        'content_block_start',
        {
          type: 'content_block_start',
          index: 0,
          content_block: { type: 'tool_use', id: 'toolu_3', name: 'switchyard_json_answer', input: {} },
        },
      ],
      ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"city": "Pa' } }],
      ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: 'ris"}' } }],
      ['content_block_stop', { type: 'content_block_stop', index: 0 }],
      ['message_delta', { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 9 } }],
      ['message_stop', { type: 'message_stop' }],
    ];
    expect(summarize(decodeAll(anthropicFamily.streamDecoder(), sse(stream)))).toEqual([
      'role',
      'text:{"city": "Paris"}',
      `finish:${FinishReason.FINISH_REASON_STOP}`,
      'usage:12/9',
    ]);
  });

  it('maps an in-stream error event', () => {
    const events = decodeAll(
      anthropicFamily.streamDecoder(),
      sse([...TOOL_STREAM.slice(0, 4), ['error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }]]),
    );
    expect(summarize(events).slice(-1)).toEqual([`error:${ErrorClass.ERROR_CLASS_UPSTREAM_5XX}`]);
  });

  it.each([
    ['api_error', ErrorClass.ERROR_CLASS_UPSTREAM_5XX],
    ['rate_limit_error', ErrorClass.ERROR_CLASS_RATE_LIMITED],
    ['invalid_request_error', ErrorClass.ERROR_CLASS_INVALID_REQUEST],
    // A type added later carries no HTTP status inside the stream: a provider failure, retried elsewhere.
    ['some_new_error', ErrorClass.ERROR_CLASS_UPSTREAM_5XX],
  ])('classifies an in-stream %s by its type, with no HTTP status', (type, errorClass) => {
    const last = decodeAll(
      anthropicFamily.streamDecoder(),
      sse([...TOOL_STREAM.slice(0, 1), ['error', { type: 'error', error: { type, message: 'm' } }]]),
    ).at(-1)?.event;
    expect(last?.$case === 'error' && last.error).toMatchObject({ errorClass, upstreamStatus: 0, providerCode: type });
  });
});
