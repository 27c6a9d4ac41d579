import { ChatRequest, EmbeddingsRequest, ErrorClass, FinishReason, ResponseFormatType, ToolChoiceMode } from '@switchyard/contracts';
import { bodyOf, credential, decodeAll, image, PNG_DATA_URL, summarize, target, toolRoundTrip, user } from '../../test-support/fixtures';
import { geminiFamily } from './index';

const t = target('gemini', { upstreamModel: 'gemini-2.5-flash', baseUrl: 'https://generativelanguage.googleapis.com/v1beta' });

describe('gemini request', () => {
  it('uses generateContent / streamGenerateContent?alt=sse with the key in a header', () => {
    const req = ChatRequest.fromPartial({ model: 'm', messages: [user('Hi')] });
    expect(geminiFamily.chatRequest(t, req, credential, false).url).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent',
    );
    const streamed = geminiFamily.chatRequest(t, req, credential, true);
    expect(streamed.url).toBe('https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
    expect(streamed.headers['x-goog-api-key']).toBe('sk-test');
  });

  it('maps roles, systemInstruction, function calls and responses (by name), and generation settings', () => {
    const req = {
      ...toolRoundTrip(),
      temperature: 0.2,
      maxTokens: 50,
      stop: ['x'],
      toolChoice: { mode: ToolChoiceMode.TOOL_CHOICE_MODE_FUNCTION, functionName: 'get_weather' },
    };
    const body = bodyOf(geminiFamily.chatRequest(t, req, credential, false));
    expect(body['systemInstruction']).toEqual({ parts: [{ text: 'Be brief.' }] });
    expect(body['contents']).toEqual([
      { role: 'user', parts: [{ text: 'Weather in Paris?' }] },
      { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Paris' } } }] },
      { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { temp_c: 18 } } }] },
    ]);
    expect(body['tools']).toEqual([
      {
        functionDeclarations: [
          {
            name: 'get_weather',
            description: 'Current weather',
            parametersJsonSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
          },
        ],
      },
    ]);
    expect(body['toolConfig']).toEqual({ functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] } });
    expect(body['generationConfig']).toEqual({ temperature: 0.2, maxOutputTokens: 50, stopSequences: ['x'] });
  });

  it('sends images inline and JSON mode as responseMimeType (+ schema)', () => {
    const req = ChatRequest.fromPartial({
      model: 'm',
      messages: [image(PNG_DATA_URL)],
      responseFormat: {
        type: ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA,
        schemaName: 's',
        schemaJson: '{"type":"object","properties":{"a":{"type":"string"}}}',
      },
    });
    const body = bodyOf(geminiFamily.chatRequest(t, req, credential, false));
    expect(body['contents']).toEqual([
      { role: 'user', parts: [{ text: 'what is this?' }, { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } }] },
    ]);
    expect(body['generationConfig']).toEqual({
      responseMimeType: 'application/json',
      responseJsonSchema: { type: 'object', properties: { a: { type: 'string' } } },
    });
  });

  it('refuses remote image URLs with a reason naming the model', () => {
    const req = ChatRequest.fromPartial({ model: 'gem', messages: [image('https://example.test/a.png')] });
    expect(geminiFamily.unsupportedFeature(req, t)).toMatch(/'gem'.*gemini.*image URLs.*data: URL/);
  });
});

describe('gemini response', () => {
  it('counts thoughts into output and reasoning, keeps cached prompt tokens, and gives function calls ids', () => {
    const body = Buffer.from(
      JSON.stringify({
        candidates: [
          {
            content: {
              role: 'model',
              parts: [{ text: 'thinking...', thought: true }, { functionCall: { name: 'get_weather', args: { city: 'Paris' } } }],
            },
            finishReason: 'STOP',
            index: 0,
          },
        ],
        usageMetadata: {
          promptTokenCount: 100,
          candidatesTokenCount: 12,
          thoughtsTokenCount: 30,
          cachedContentTokenCount: 64,
          totalTokenCount: 142,
        },
        modelVersion: 'gemini-2.5-flash',
        responseId: 'resp-1',
      }),
    );
    const mapped = geminiFamily.chatResponse(200, {}, body);
    if (!mapped.ok) throw new Error('expected ok');
    const choice = mapped.value.choices[0]!;
    expect(choice.finishReason).toBe(FinishReason.FINISH_REASON_TOOL_CALLS);
    expect(choice.content).toBe('');
    expect(choice.toolCalls[0]).toMatchObject({ name: 'get_weather', argumentsJson: '{"city":"Paris"}' });
    expect(choice.toolCalls[0]!.id).toMatch(/^call_[0-9a-f]{24}$/);
    expect(mapped.value.usage).toEqual({
      audioInputTokens: 0,
      audioOutputTokens: 0,
      inputTokens: 100,
      outputTokens: 42,
      cachedInputTokens: 64,
      cacheWriteTokens: 0,
      reasoningTokens: 30,
      estimated: false,
    });
  });

  it('turns a blocked prompt into a content_filter error and SAFETY into a content_filter finish', () => {
    const blocked = geminiFamily.chatResponse(200, {}, Buffer.from('{"promptFeedback":{"blockReason":"SAFETY"}}'));
    expect(blocked.ok ? undefined : blocked.error.errorClass).toBe(ErrorClass.ERROR_CLASS_CONTENT_FILTER);
    const filtered = geminiFamily.chatResponse(
      200,
      {},
      Buffer.from('{"candidates":[{"content":{"parts":[{"text":"par"}]},"finishReason":"SAFETY"}]}'),
    );
    expect(filtered.ok && filtered.value.choices[0]!.finishReason).toBe(FinishReason.FINISH_REASON_CONTENT_FILTER);
  });

  it('reads the retry delay from RetryInfo and classifies google.rpc statuses', () => {
    const body = {
      error: {
        code: 429,
        message: 'quota',
        status: 'RESOURCE_EXHAUSTED',
        details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '13s' }],
      },
    };
    expect(geminiFamily.errorResponse(429, {}, Buffer.from(JSON.stringify(body)))).toMatchObject({
      errorClass: ErrorClass.ERROR_CLASS_RATE_LIMITED,
      retryAfterMs: 13_000,
    });
    const ctx = {
      error: {
        code: 400,
        message: 'The input token count (2000000) exceeds the maximum number of tokens allowed (1048576).',
        status: 'INVALID_ARGUMENT',
      },
    };
    expect(geminiFamily.errorResponse(400, {}, Buffer.from(JSON.stringify(ctx))).errorClass).toBe(ErrorClass.ERROR_CLASS_CONTEXT_LENGTH);
    const badKey = {
      error: {
        code: 400,
        message: 'API key not valid. Please pass a valid API key.',
        status: 'INVALID_ARGUMENT',
        details: [{ reason: 'API_KEY_INVALID' }],
      },
    };
    expect(geminiFamily.errorResponse(400, {}, Buffer.from(JSON.stringify(badKey))).errorClass).toBe(ErrorClass.ERROR_CLASS_AUTH);
  });
});

describe('gemini stream', () => {
  const sse = (bodies: unknown[]): Buffer => Buffer.from(bodies.map((b) => `data: ${JSON.stringify(b)}\r\n\r\n`).join(''));
  const chunk = (text: string, finish?: string, usage?: unknown) => ({
    candidates: [{ content: { parts: [{ text }], role: 'model' }, ...(finish ? { finishReason: finish } : {}), index: 0 }],
    usageMetadata: usage ?? { promptTokenCount: 9, totalTokenCount: 9 },
    modelVersion: 'gemini-2.5-flash',
    responseId: 'r1',
  });

  it('emits deltas, then finish and the final usage from the last chunk', () => {
    const events = decodeAll(
      geminiFamily.streamDecoder(),
      sse([
        chunk('Hello '),
        chunk('world', 'STOP', { promptTokenCount: 9, candidatesTokenCount: 2, thoughtsTokenCount: 3, totalTokenCount: 14 }),
      ]),
    );
    expect(summarize(events)).toEqual(['role', 'text:Hello world', `finish:${FinishReason.FINISH_REASON_STOP}`, 'usage:9/5']);
    expect(events[0]).toMatchObject({ upstreamId: 'r1', model: 'gemini-2.5-flash' });
  });

  it('reports a stream without a finishReason as interrupted, keeping the prompt count it saw', () => {
    const decoder = geminiFamily.streamDecoder();
    expect(summarize(decodeAll(decoder, sse([chunk('Hello ')])))).toEqual([
      'role',
      'text:Hello ',
      `error:${ErrorClass.ERROR_CLASS_STREAM_INTERRUPTED}`,
    ]);
    expect(decoder.usageSoFar?.()).toMatchObject({ inputTokens: 9, estimated: true });
  });

  it('maps an in-stream error object', () => {
    const events = decodeAll(
      geminiFamily.streamDecoder(),
      sse([chunk('a'), { error: { code: 503, message: 'overloaded', status: 'UNAVAILABLE' } }]),
    );
    expect(summarize(events).slice(-1)).toEqual([`error:${ErrorClass.ERROR_CLASS_UPSTREAM_5XX}`]);
  });

  it.each([
    [{ code: 429, message: 'quota', status: 'RESOURCE_EXHAUSTED' }, ErrorClass.ERROR_CLASS_RATE_LIMITED],
    [{ code: 400, message: 'bad', status: 'INVALID_ARGUMENT' }, ErrorClass.ERROR_CLASS_INVALID_REQUEST],
    // Neither code nor status: a provider failure mid-stream, not the caller's fault.
    [{ message: 'something broke' }, ErrorClass.ERROR_CLASS_UPSTREAM_5XX],
  ])('classifies the in-stream error %j by its status', (error, errorClass) => {
    const last = decodeAll(geminiFamily.streamDecoder(), sse([chunk('a'), { error }])).at(-1)?.event;
    expect(last?.$case === 'error' && last.error.errorClass).toBe(errorClass);
  });
});

describe('gemini embeddings', () => {
  it('batches inputs into batchEmbedContents and reads the vectors (no usage: left to the estimator)', () => {
    const up = geminiFamily.embeddingsRequest!(
      t,
      EmbeddingsRequest.fromPartial({ model: 'e', inputs: ['a', 'b'], dimensions: 8 }),
      credential,
    );
    expect(up.url).toBe('https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:batchEmbedContents');
    expect(bodyOf(up)).toEqual({
      requests: [
        { model: 'models/gemini-2.5-flash', content: { parts: [{ text: 'a' }] }, outputDimensionality: 8 },
        { model: 'models/gemini-2.5-flash', content: { parts: [{ text: 'b' }] }, outputDimensionality: 8 },
      ],
    });
    const mapped = geminiFamily.embeddingsResponse!(200, {}, Buffer.from('{"embeddings":[{"values":[0.5,0.25]},{"values":[1]}]}'));
    expect(mapped.ok && mapped.value.data).toEqual([
      { index: 0, values: [0.5, 0.25] },
      { index: 1, values: [1] },
    ]);
    expect(mapped.ok && mapped.value.usage).toBeUndefined();
  });
});
