import { ApiError } from '@switchyard/api-errors';
import { ChatRole, ResponseFormatType, ToolChoiceMode } from '@switchyard/contracts';
import { parseChatRequest } from './parse-chat-request';

function errorOf(body: unknown): ApiError {
  try {
    parseChatRequest(body);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the body to be rejected');
}

const valid = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] };

describe('parseChatRequest', () => {
  it('maps a plain request', () => {
    const request = parseChatRequest({ ...valid, temperature: 0.2, max_tokens: 50, stop: 'END', user: 'u-1' });
    expect(request.model).toBe('gpt-4o-mini');
    expect(request.messages[0]?.role).toBe(ChatRole.CHAT_ROLE_USER);
    expect(request.messages[0]?.content).toEqual([{ part: { $case: 'text', text: 'Hi' } }]);
    expect(request.messages[0]?.contentWasString).toBe(true);
    expect(request).toMatchObject({ temperature: 0.2, maxTokens: 50, stop: ['END'], endUser: 'u-1', stream: false });
  });

  it('accepts an assistant message sent back as the SDK returned it (refusal: null, annotations: [])', () => {
    const request = parseChatRequest({
      model: 'm',
      messages: [
        { role: 'user', content: 'Hi' },
        {
          role: 'assistant',
          content: 'Hello',
          refusal: null,
          annotations: [],
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }],
        },
        { role: 'tool', tool_call_id: 'call_1', content: 'done' },
      ],
    });
    expect(request.messages[1]?.content).toEqual([{ part: { $case: 'text', text: 'Hello' } }]);
    expect(request.messages[1]?.toolCalls).toHaveLength(1);
  });

  it('maps streaming with usage, vision, tools, tool results and JSON mode', () => {
    const request = parseChatRequest({
      model: 'm',
      stream: true,
      stream_options: { include_usage: true },
      max_completion_tokens: 20,
      messages: [
        { role: 'system', content: 'Be brief' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' } },
          ],
        },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"q":"x"}' } }],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '{"answer":42}' },
      ],
      tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } } }],
      tool_choice: { type: 'function', function: { name: 'lookup' } },
      response_format: { type: 'json_object' },
    });
    expect(request).toMatchObject({ stream: true, includeUsage: true, maxTokens: 20 });
    expect(request.messages[1]?.content[1]).toEqual({
      part: { $case: 'image', image: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' } },
    });
    expect(request.messages[2]?.toolCalls).toEqual([{ id: 'call_1', name: 'lookup', argumentsJson: '{"q":"x"}' }]);
    expect(request.messages[3]?.toolCallId).toBe('call_1');
    expect(JSON.parse(request.tools[0]?.parametersJson ?? '')).toEqual({ type: 'object', properties: { q: { type: 'string' } } });
    expect(request.toolChoice).toEqual({ mode: ToolChoiceMode.TOOL_CHOICE_MODE_FUNCTION, functionName: 'lookup' });
    expect(request.responseFormat?.type).toBe(ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_OBJECT);
  });

  it.each([
    ['a body that is not an object', [1, 2], 'invalid_body', null],
    ['a missing model', { messages: valid.messages }, 'missing_required_parameter', 'model'],
    ['a model of the wrong type', { ...valid, model: 42 }, 'invalid_type', 'model'],
    ['missing messages', { model: 'm' }, 'missing_required_parameter', 'messages'],
    ['empty messages', { model: 'm', messages: [] }, 'empty_array', 'messages'],
    ['content of the wrong type', { model: 'm', messages: [{ role: 'user', content: 5 }] }, 'invalid_type', 'messages[0].content'],
    ['an unknown role', { model: 'm', messages: [{ role: 'robot', content: 'x' }] }, 'invalid_value', 'messages[0].role'],
    ['temperature out of range', { ...valid, temperature: 3 }, 'invalid_value', 'temperature'],
    ['max_tokens not an integer', { ...valid, max_tokens: 1.5 }, 'invalid_type', 'max_tokens'],
    ['an unknown parameter', { ...valid, frobnicate: true }, 'unknown_parameter', 'frobnicate'],
    ['n > 1', { ...valid, n: 2 }, 'unsupported_parameter', 'n'],
    ['stream_options without stream', { ...valid, stream_options: { include_usage: true } }, 'invalid_value', 'stream_options'],
    [
      'a tool message without tool_call_id',
      { model: 'm', messages: [{ role: 'tool', content: 'x' }] },
      'missing_required_parameter',
      'messages[0].tool_call_id',
    ],
    [
      'an image in a system message',
      { model: 'm', messages: [{ role: 'system', content: [{ type: 'image_url', image_url: { url: 'https://x/y.png' } }] }] },
      'invalid_value',
      'messages[0].content[0].type',
    ],
  ])('rejects %s with a 400 naming the parameter', (_name, body, code, param) => {
    const error = errorOf(body);
    expect(error.status).toBe(400);
    expect(error.toBody().error).toMatchObject({ type: 'invalid_request_error', code, param });
  });

  it('words errors the way OpenAI does', () => {
    expect(errorOf({ model: 'm', messages: [{ role: 'user', content: 5 }] }).message).toBe(
      "Invalid type for 'messages[0].content': expected one of a string or array of objects, but got an integer instead.",
    );
    expect(errorOf({ messages: [] }).message).toBe("Missing required parameter: 'model'.");
  });
});
