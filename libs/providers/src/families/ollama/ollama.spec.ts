import { ChatRequest, EmbeddingsRequest, ErrorClass, FinishReason, ResponseFormatType, ToolChoiceMode } from '@switchyard/contracts';
import { bodyOf, credential, decodeAll, image, PNG_DATA_URL, summarize, target, toolRoundTrip } from '../../test-support/fixtures';
import { ollamaFamily } from './index';

const t = target('ollama', { upstreamModel: 'llama3.2', baseUrl: 'http://localhost:11434' });
const noKey = { apiKey: '', extras: {} };

describe('ollama request', () => {
  it('posts /api/chat without auth and maps messages, images, tools and options', () => {
    const req = { ...toolRoundTrip(), maxTokens: 32, seed: 7, stop: ['\n\n'] };
    const up = ollamaFamily.chatRequest(t, req, noKey, true);
    expect(up.url).toBe('http://localhost:11434/api/chat');
    expect(up.headers['authorization']).toBeUndefined();
    const body = bodyOf(up);
    expect(body['stream']).toBe(true);
    expect(body['messages']).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', content: '', tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Paris' } } }] },
      { role: 'tool', content: '{"temp_c":18}', tool_name: 'get_weather' },
    ]);
    expect(body['options']).toEqual({ num_predict: 32, seed: 7, stop: ['\n\n'] });
    expect(body['tools']).toEqual([
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Current weather',
          parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        },
      },
    ]);
    const vision = bodyOf(
      ollamaFamily.chatRequest(
        t,
        ChatRequest.fromPartial({
          model: 'm',
          messages: [image(PNG_DATA_URL)],
          responseFormat: { type: ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_OBJECT },
        }),
        credential,
        false,
      ),
    );
    expect(vision['messages']).toEqual([{ role: 'user', content: 'what is this?', images: ['iVBORw0KGgo='] }]);
    expect(vision['format']).toBe('json');
  });

  it('has no tool_choice: "none" drops the tools, forcing a call is refused by name', () => {
    const none = bodyOf(
      ollamaFamily.chatRequest(
        t,
        { ...toolRoundTrip(), toolChoice: { mode: ToolChoiceMode.TOOL_CHOICE_MODE_NONE, functionName: '' } },
        noKey,
        false,
      ),
    );
    expect(none['tools']).toBeUndefined();
    expect(
      ollamaFamily.unsupportedFeature(
        { ...toolRoundTrip(), toolChoice: { mode: ToolChoiceMode.TOOL_CHOICE_MODE_REQUIRED, functionName: '' } },
        t,
      ),
    ).toMatch(/ollama.*forcing a tool call/);
  });
});

describe('ollama response', () => {
  it('maps the message, tool calls (with new ids) and counts', () => {
    const mapped = ollamaFamily.chatResponse(
      200,
      {},
      Buffer.from(
        JSON.stringify({
          model: 'llama3.2',
          created_at: '2025-01-01T00:00:00Z',
          message: { role: 'assistant', content: '', tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Paris' } } }] },
          done_reason: 'stop',
          done: true,
          prompt_eval_count: 26,
          eval_count: 12,
        }),
      ),
    );
    if (!mapped.ok) throw new Error('expected ok');
    expect(mapped.value.choices[0]).toMatchObject({
      finishReason: FinishReason.FINISH_REASON_TOOL_CALLS,
      toolCalls: [{ name: 'get_weather', argumentsJson: '{"city":"Paris"}' }],
    });
    expect(mapped.value.usage).toMatchObject({ inputTokens: 26, outputTokens: 12, estimated: false });
    expect(mapped.value.createdUnix).toBe(1735689600);
  });

  it('leaves usage to the estimator when the counts are missing', () => {
    const mapped = ollamaFamily.chatResponse(
      200,
      {},
      Buffer.from('{"model":"x","message":{"role":"assistant","content":"hi"},"done":true}'),
    );
    expect(mapped.ok && mapped.value.usage).toBeUndefined();
  });

  it.each([
    [404, 'model "x" not found, try pulling it first', ErrorClass.ERROR_CLASS_NOT_FOUND],
    [400, 'the input length exceeds the context length', ErrorClass.ERROR_CLASS_CONTEXT_LENGTH],
    [429, 'server busy', ErrorClass.ERROR_CLASS_RATE_LIMITED],
    [500, 'llama runner process has terminated', ErrorClass.ERROR_CLASS_UPSTREAM_5XX],
  ])('maps HTTP %s', (status, message, errorClass) => {
    expect(ollamaFamily.errorResponse(status, {}, Buffer.from(JSON.stringify({ error: message })))).toMatchObject({ errorClass, message });
  });
});

describe('ollama stream', () => {
  const line = (v: unknown) => `${JSON.stringify(v)}\n`;
  const piece = (content: string) => line({ model: 'llama3.2', created_at: 'x', message: { role: 'assistant', content }, done: false });

  it('decodes NDJSON deltas and the done line with counts', () => {
    const bytes = Buffer.from(
      piece('Hel') +
        piece('lo') +
        line({
          model: 'llama3.2',
          message: { role: 'assistant', content: '' },
          done_reason: 'length',
          done: true,
          prompt_eval_count: 5,
          eval_count: 2,
        }),
    );
    const events = decodeAll(ollamaFamily.streamDecoder(), bytes);
    expect(summarize(events)).toEqual(['role', 'text:Hello', `finish:${FinishReason.FINISH_REASON_LENGTH}`, 'usage:5/2']);
    expect(events[0]?.model).toBe('llama3.2');
  });

  it('reports error lines and cut streams', () => {
    expect(summarize(decodeAll(ollamaFamily.streamDecoder(), Buffer.from(piece('a') + line({ error: 'server busy' })))).slice(-1)).toEqual([
      `error:${ErrorClass.ERROR_CLASS_UPSTREAM_5XX}`,
    ]);
    expect(summarize(decodeAll(ollamaFamily.streamDecoder(), Buffer.from(piece('a')))).slice(-1)).toEqual([
      `error:${ErrorClass.ERROR_CLASS_STREAM_INTERRUPTED}`,
    ]);
  });

  it('classifies an error line by its wording; it has no HTTP status of its own', () => {
    const lastError = (text: string) => {
      const last = decodeAll(ollamaFamily.streamDecoder(), Buffer.from(piece('a') + line({ error: text }))).at(-1)?.event;
      return last?.$case === 'error' ? last.error : undefined;
    };
    expect(lastError('server busy')).toMatchObject({ errorClass: ErrorClass.ERROR_CLASS_UPSTREAM_5XX, upstreamStatus: 0 });
    expect(lastError('input length exceeds the context length')?.errorClass).toBe(ErrorClass.ERROR_CLASS_CONTEXT_LENGTH);
  });
});

describe('ollama embeddings', () => {
  it('posts /api/embed and reads prompt_eval_count as input usage', () => {
    const up = ollamaFamily.embeddingsRequest!(t, EmbeddingsRequest.fromPartial({ model: 'e', inputs: ['a', 'b'] }), noKey);
    expect(up.url).toBe('http://localhost:11434/api/embed');
    expect(bodyOf(up)).toEqual({ model: 'llama3.2', input: ['a', 'b'] });
    const mapped = ollamaFamily.embeddingsResponse!(
      200,
      {},
      Buffer.from('{"model":"nomic","embeddings":[[0.1],[0.2]],"prompt_eval_count":4}'),
    );
    expect(mapped.ok && mapped.value).toMatchObject({
      model: 'nomic',
      data: [
        { index: 0, values: [0.1] },
        { index: 1, values: [0.2] },
      ],
      usage: { inputTokens: 4 },
    });
  });
});
