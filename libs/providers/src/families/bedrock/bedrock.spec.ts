import { ChatRequest, EmbeddingsRequest, ErrorClass, FinishReason, ResponseFormatType, ToolChoiceMode } from '@switchyard/contracts';
import { encodeMessage } from '../../wire/aws-event-stream';
import { bodyOf, credential, decodeAll, image, PNG_DATA_URL, summarize, target, toolRoundTrip, user } from '../../test-support/fixtures';
import { bedrockFamily } from './index';

const t = target('bedrock', {
  upstreamModel: 'anthropic.claude-3-5-haiku-20241022-v1:0',
  baseUrl: 'https://bedrock-runtime.eu-west-1.amazonaws.com',
});
const aws = { apiKey: 'AKIDEXAMPLE', extras: { secretAccessKey: 'secret', sessionToken: 'session' } };

describe('bedrock request', () => {
  it('signs Converse calls with SigV4 for the region of the endpoint and path-encodes the model id', () => {
    const up = bedrockFamily.chatRequest(t, ChatRequest.fromPartial({ model: 'm', messages: [user('Hi')] }), aws, false);
    expect(up.url).toBe('https://bedrock-runtime.eu-west-1.amazonaws.com/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse');
    expect(up.headers['authorization']).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/bedrock\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/,
    );
    expect(up.headers['x-amz-security-token']).toBe('session');
    expect(bedrockFamily.chatRequest(t, ChatRequest.fromPartial({ model: 'm', messages: [user('Hi')] }), aws, true).url).toMatch(
      /\/converse-stream$/,
    );
  });

  it('uses a Bedrock API key as Bearer when the secret has no secretAccessKey', () => {
    const up = bedrockFamily.chatRequest(t, ChatRequest.fromPartial({ model: 'm', messages: [user('Hi')] }), credential, false);
    expect(up.headers['authorization']).toBe('Bearer sk-test');
  });

  it('maps system, tool use and results, images and inference settings to Converse', () => {
    const req = {
      ...toolRoundTrip(),
      maxTokens: 64,
      temperature: 0.5,
      stop: ['END'],
      toolChoice: { mode: ToolChoiceMode.TOOL_CHOICE_MODE_AUTO, functionName: '' },
    };
    const body = bodyOf(bedrockFamily.chatRequest(t, req, aws, false));
    expect(body).toEqual({
      system: [{ text: 'Be brief.' }],
      messages: [
        { role: 'user', content: [{ text: 'Weather in Paris?' }] },
        { role: 'assistant', content: [{ toolUse: { toolUseId: 'call_1', name: 'get_weather', input: { city: 'Paris' } } }] },
        { role: 'user', content: [{ toolResult: { toolUseId: 'call_1', content: [{ text: '{"temp_c":18}' }] } }] },
      ],
      inferenceConfig: { maxTokens: 64, temperature: 0.5, stopSequences: ['END'] },
      toolConfig: {
        tools: [
          {
            toolSpec: {
              name: 'get_weather',
              description: 'Current weather',
              inputSchema: { json: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
            },
          },
        ],
        toolChoice: { auto: {} },
      },
    });
    const withImage = bodyOf(
      bedrockFamily.chatRequest(t, ChatRequest.fromPartial({ model: 'm', messages: [image(PNG_DATA_URL)] }), aws, false),
    );
    expect(withImage['messages']).toEqual([
      { role: 'user', content: [{ text: 'what is this?' }, { image: { format: 'png', source: { bytes: 'iVBORw0KGgo=' } } }] },
    ]);
  });

  it('serves JSON mode through a forced answer tool, and refuses it next to tools', () => {
    const schema = { type: 'object', properties: { city: { type: 'string' } } };
    const json = ChatRequest.fromPartial({
      model: 'claude-br',
      messages: [user('x')],
      responseFormat: { type: ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA, schemaName: 'x', schemaJson: JSON.stringify(schema) },
    });
    expect(bedrockFamily.unsupportedFeature(json, t)).toBeUndefined();
    expect(bodyOf(bedrockFamily.chatRequest(t, json, credential, false))['toolConfig']).toEqual({
      tools: [{ toolSpec: { name: 'switchyard_json_answer', description: expect.stringContaining('(x)'), inputSchema: { json: schema } } }],
      toolChoice: { tool: { name: 'switchyard_json_answer' } },
    });
    expect(bedrockFamily.unsupportedFeature({ ...json, tools: toolRoundTrip().tools }, t)).toMatch(
      /'claude-br'.*bedrock.*JSON mode \(response_format\) together with tools/,
    );
  });

  it('refuses remote images for the model', () => {
    expect(bedrockFamily.unsupportedFeature(ChatRequest.fromPartial({ model: 'x', messages: [image('https://a.test/x.png')] }), t)).toMatch(
      /image URLs/,
    );
  });
});

describe('bedrock response', () => {
  it("returns the JSON answer tool's input as the content", () => {
    const body = Buffer.from(
      JSON.stringify({
        output: {
          message: {
            role: 'assistant',
            content: [{ toolUse: { toolUseId: 'tooluse_2', name: 'switchyard_json_answer', input: { ok: true } } }],
          },
        },
        stopReason: 'tool_use',
        usage: { inputTokens: 5, outputTokens: 3, totalTokens: 8 },
      }),
    );
    const mapped = bedrockFamily.chatResponse(200, {}, body);
    if (!mapped.ok) throw new Error('expected ok');
    expect(mapped.value.choices[0]).toMatchObject({
      content: '{"ok":true}',
      hasContent: true,
      toolCalls: [],
      finishReason: FinishReason.FINISH_REASON_STOP,
    });
  });

  it('maps output, stop reason and usage with cache tokens', () => {
    const body = Buffer.from(
      JSON.stringify({
        output: {
          message: { role: 'assistant', content: [{ toolUse: { toolUseId: 'tooluse_1', name: 'get_weather', input: { city: 'Paris' } } }] },
        },
        stopReason: 'tool_use',
        usage: { inputTokens: 10, outputTokens: 4, totalTokens: 44, cacheReadInputTokens: 30, cacheWriteInputTokens: 0 },
        metrics: { latencyMs: 100 },
      }),
    );
    const mapped = bedrockFamily.chatResponse(200, { 'x-amzn-requestid': 'rid' }, body);
    if (!mapped.ok) throw new Error('expected ok');
    expect(mapped.value.id).toBe('rid');
    expect(mapped.value.choices[0]).toMatchObject({
      toolCalls: [{ id: 'tooluse_1', name: 'get_weather', argumentsJson: '{"city":"Paris"}' }],
      finishReason: FinishReason.FINISH_REASON_TOOL_CALLS,
    });
    expect(mapped.value.usage).toMatchObject({ inputTokens: 40, outputTokens: 4, cachedInputTokens: 30 });
  });

  it.each([
    ['ThrottlingException', 429, 'Too many requests', ErrorClass.ERROR_CLASS_RATE_LIMITED],
    ['ValidationException', 400, 'Input is too long for requested model.', ErrorClass.ERROR_CLASS_CONTEXT_LENGTH],
    ['ValidationException', 400, 'Malformed input request', ErrorClass.ERROR_CLASS_INVALID_REQUEST],
    ['UnrecognizedClientException', 403, 'The security token included in the request is invalid.', ErrorClass.ERROR_CLASS_AUTH],
    ['InvalidSignatureException', 403, 'The request signature we calculated does not match', ErrorClass.ERROR_CLASS_AUTH],
    ['AccessDeniedException', 403, 'no access', ErrorClass.ERROR_CLASS_PERMISSION_DENIED],
    ['ModelTimeoutException', 408, 'timed out', ErrorClass.ERROR_CLASS_TIMEOUT],
    ['ServiceUnavailableException', 503, 'unavailable', ErrorClass.ERROR_CLASS_UPSTREAM_5XX],
  ])('maps %s (HTTP %s) from x-amzn-ErrorType', (type, status, message, errorClass) => {
    const error = bedrockFamily.errorResponse(
      status,
      { 'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/` },
      Buffer.from(JSON.stringify({ message })),
    );
    expect(error).toMatchObject({ errorClass, message, providerCode: type, upstreamStatus: status });
  });
});

describe('bedrock stream', () => {
  const event = (type: string, payload: unknown): Buffer =>
    encodeMessage({
      headers: { ':event-type': type, ':content-type': 'application/json', ':message-type': 'event' },
      payload: JSON.stringify({ ...(payload as object), p: 'abc' }),
    });
  const frames = [
    event('messageStart', { role: 'assistant' }),
    event('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Let me ' } }),
    event('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'look.' } }),
    event('contentBlockStop', { contentBlockIndex: 0 }),
    event('contentBlockStart', { contentBlockIndex: 1, start: { toolUse: { toolUseId: 'tooluse_7', name: 'get_weather' } } }),
    event('contentBlockDelta', { contentBlockIndex: 1, delta: { toolUse: { input: '{"city":' } } }),
    event('contentBlockDelta', { contentBlockIndex: 1, delta: { toolUse: { input: '"Paris"}' } } }),
    event('contentBlockStop', { contentBlockIndex: 1 }),
    event('messageStop', { stopReason: 'tool_use' }),
    event('metadata', { usage: { inputTokens: 20, outputTokens: 9, totalTokens: 29 }, metrics: { latencyMs: 50 } }),
  ];

  it('decodes event-stream frames split at any byte', () => {
    const events = decodeAll(bedrockFamily.streamDecoder(), Buffer.concat(frames));
    expect(summarize(events)).toEqual([
      'role',
      'text:Let me look.',
      'tool:0:tooluse_7:get_weather:',
      'tool:0:::{"city":',
      'tool:0:::"Paris"}',
      `finish:${FinishReason.FINISH_REASON_TOOL_CALLS}`,
      'usage:20/9',
    ]);
  });

  it("streams the JSON answer tool's input as content, finishing with stop", () => {
    const json = [
      event('messageStart', { role: 'assistant' }),
      event('contentBlockStart', { contentBlockIndex: 0, start: { toolUse: { toolUseId: 'tooluse_8', name: 'switchyard_json_answer' } } }),
      event('contentBlockDelta', { contentBlockIndex: 0, delta: { toolUse: { input: '{"city":' } } }),
      event('contentBlockDelta', { contentBlockIndex: 0, delta: { toolUse: { input: '"Paris"}' } } }),
      event('contentBlockStop', { contentBlockIndex: 0 }),
      event('messageStop', { stopReason: 'tool_use' }),
      event('metadata', { usage: { inputTokens: 20, outputTokens: 9, totalTokens: 29 } }),
    ];
    expect(summarize(decodeAll(bedrockFamily.streamDecoder(), Buffer.concat(json)))).toEqual([
      'role',
      'text:{"city":"Paris"}',
      `finish:${FinishReason.FINISH_REASON_STOP}`,
      'usage:20/9',
    ]);
  });

  it('maps exception frames and treats a stream without metadata as cut', () => {
    const exception = encodeMessage({
      headers: { ':exception-type': 'throttlingException', ':content-type': 'application/json', ':message-type': 'exception' },
      payload: '{"message":"slow down"}',
    });
    expect(summarize(decodeAll(bedrockFamily.streamDecoder(), Buffer.concat([frames[0]!, exception]))).slice(-1)).toEqual([
      `error:${ErrorClass.ERROR_CLASS_RATE_LIMITED}`,
    ]);
    const unavailable = encodeMessage({
      headers: { ':exception-type': 'serviceUnavailableException', ':content-type': 'application/json', ':message-type': 'exception' },
      payload: '{"message":"try later"}',
    });
    const last = decodeAll(bedrockFamily.streamDecoder(), Buffer.concat([frames[0]!, unavailable])).at(-1)?.event;
    expect(last?.$case === 'error' && last.error).toMatchObject({ errorClass: ErrorClass.ERROR_CLASS_UPSTREAM_5XX, upstreamStatus: 503 });
    expect(summarize(decodeAll(bedrockFamily.streamDecoder(), Buffer.concat(frames.slice(0, 3)))).slice(-1)).toEqual([
      `error:${ErrorClass.ERROR_CLASS_STREAM_INTERRUPTED}`,
    ]);
    const corrupt = Buffer.from(frames[1]!);
    corrupt.writeUInt8(corrupt.readUInt8(corrupt.length - 1) ^ 0xff, corrupt.length - 1);
    expect(summarize(decodeAll(bedrockFamily.streamDecoder(), Buffer.concat([frames[0]!, corrupt]), false))).toEqual([
      'role',
      `error:${ErrorClass.ERROR_CLASS_STREAM_INTERRUPTED}`,
    ]);
  });
});

describe('bedrock embeddings', () => {
  const cohere = target('bedrock', {
    upstreamModel: 'cohere.embed-english-v3',
    baseUrl: 'https://bedrock-runtime.eu-west-1.amazonaws.com',
  });
  const titan = target('bedrock', {
    upstreamModel: 'amazon.titan-embed-text-v2:0',
    baseUrl: 'https://bedrock-runtime.eu-west-1.amazonaws.com',
  });
  const embed = (inputs: string[], dimensions?: number) => EmbeddingsRequest.fromPartial({ model: 'emb', inputs, dimensions });

  it('sends Cohere a batch and Titan one text, through InvokeModel, SigV4-signed', () => {
    const batch = bedrockFamily.embeddingsRequest!(cohere, embed(['a', 'b']), aws);
    expect(batch.url).toBe('https://bedrock-runtime.eu-west-1.amazonaws.com/model/cohere.embed-english-v3/invoke');
    expect(bodyOf(batch)).toEqual({ texts: ['a', 'b'], input_type: 'search_document' });
    expect(batch.headers['authorization']).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/bedrock\/aws4_request/);
    expect(bodyOf(bedrockFamily.embeddingsRequest!(titan, embed(['a'], 512), aws))).toEqual({ inputText: 'a', dimensions: 512 });
  });

  it('names what each embedding model cannot take', () => {
    expect(bedrockFamily.unsupportedEmbeddings!(embed(['a', 'b']), titan)).toMatch(/'emb'.*bedrock.*more than one input per request/);
    expect(bedrockFamily.unsupportedEmbeddings!(embed(['a'], 300), titan)).toMatch(/dimensions 300/);
    expect(bedrockFamily.unsupportedEmbeddings!(embed(['a'], 256), cohere)).toMatch(/the dimensions parameter/);
    expect(bedrockFamily.unsupportedEmbeddings!(embed(['a']), t)).toMatch(/embeddings with this model/);
    expect(bedrockFamily.unsupportedEmbeddings!(embed(['a', 'b']), cohere)).toBeUndefined();
  });

  it("reads vectors of both shapes, with the input tokens from the header or Titan's body", () => {
    const cohereOut = bedrockFamily.embeddingsResponse!(
      200,
      { 'x-amzn-bedrock-input-token-count': '7' },
      Buffer.from(
        JSON.stringify({
          embeddings: [
            [0.1, 0.2],
            [0.3, 0.4],
          ],
          response_type: 'embeddings_floats',
        }),
      ),
    );
    if (!cohereOut.ok) throw new Error('expected ok');
    expect(cohereOut.value.data.map((d) => d.index)).toEqual([0, 1]);
    expect(cohereOut.value.usage?.inputTokens).toBe(7);
    const byType = bedrockFamily.embeddingsResponse!(
      200,
      {},
      Buffer.from(JSON.stringify({ embeddings: { float: [[0.5]] }, response_type: 'embeddings_by_type' })),
    );
    expect(byType.ok && byType.value.data).toHaveLength(1);
    const titanOut = bedrockFamily.embeddingsResponse!(
      200,
      {},
      Buffer.from(JSON.stringify({ embedding: [0.25, 0.5], inputTextTokenCount: 3 })),
    );
    if (!titanOut.ok) throw new Error('expected ok');
    expect(titanOut.value.data[0]?.values).toEqual([0.25, 0.5]);
    expect(titanOut.value.usage?.inputTokens).toBe(3);
    expect(bedrockFamily.embeddingsResponse!(200, {}, Buffer.from('{}')).ok).toBe(false);
  });
});
