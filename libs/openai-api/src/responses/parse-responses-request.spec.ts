import { ApiError } from '@switchyard/api-errors';
import { ChatRole, ResponseFormatType, ToolChoiceMode } from '@switchyard/contracts';
import { parseResponsesRequest } from './parse-responses-request';

function errorOf(body: unknown): ApiError {
  try {
    parseResponsesRequest(body);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the body to be rejected');
}

describe('parseResponsesRequest', () => {
  it('maps a string input, instructions and sampling parameters', () => {
    const { request, instructions } = parseResponsesRequest({
      model: 'gpt-4o-mini',
      input: 'Hi',
      instructions: 'Be brief.',
      max_output_tokens: 50,
      temperature: 0.3,
      top_p: 0.9,
      safety_identifier: 'u-1',
      metadata: { team: 'a' },
      reasoning: { effort: 'low' },
    });
    expect(instructions).toBe('Be brief.');
    expect(request.messages.map((m) => m.role)).toEqual([ChatRole.CHAT_ROLE_SYSTEM, ChatRole.CHAT_ROLE_USER]);
    expect(request.messages[1]?.content).toEqual([{ part: { $case: 'text', text: 'Hi' } }]);
    expect(request).toMatchObject({
      maxTokens: 50,
      temperature: 0.3,
      topP: 0.9,
      endUser: 'u-1',
      metadata: { team: 'a' },
      reasoningEffort: 'low',
      stream: false,
    });
  });

  it('maps message, function_call and function_call_output items', () => {
    const { request } = parseResponsesRequest({
      model: 'm',
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'Weather?' },
            { type: 'input_image', image_url: 'https://x/y.png' },
          ],
        },
        { type: 'function_call', call_id: 'call_1', name: 'weather', arguments: '{"city":"Paris"}' },
        { type: 'function_call', call_id: 'call_2', name: 'weather', arguments: '{"city":"Rome"}' },
        { type: 'function_call_output', call_id: 'call_1', output: 'sunny' },
        { type: 'function_call_output', call_id: 'call_2', output: 'rain' },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Sunny and rain.', annotations: [] }] },
      ],
    });
    expect(request.messages.map((m) => m.role)).toEqual([
      ChatRole.CHAT_ROLE_USER,
      ChatRole.CHAT_ROLE_ASSISTANT,
      ChatRole.CHAT_ROLE_TOOL,
      ChatRole.CHAT_ROLE_TOOL,
      ChatRole.CHAT_ROLE_ASSISTANT,
    ]);
    expect(request.messages[0]?.content[1]).toEqual({ part: { $case: 'image', image: { url: 'https://x/y.png', detail: '' } } });
    expect(request.messages[1]?.toolCalls.map((c) => c.id)).toEqual(['call_1', 'call_2']);
    expect(request.messages[2]).toMatchObject({ toolCallId: 'call_1', content: [{ part: { $case: 'text', text: 'sunny' } }] });
  });

  it('maps function tools, tool_choice and text.format', () => {
    const { request } = parseResponsesRequest({
      model: 'm',
      input: 'x',
      tools: [{ type: 'function', name: 'weather', parameters: { type: 'object' }, strict: true }],
      tool_choice: { type: 'function', name: 'weather' },
      parallel_tool_calls: false,
      text: { format: { type: 'json_schema', name: 'out', schema: { type: 'object' }, strict: true } },
    });
    expect(request.tools).toEqual([{ name: 'weather', description: '', parametersJson: '{"type":"object"}', strict: true }]);
    expect(request.toolChoice).toEqual({ mode: ToolChoiceMode.TOOL_CHOICE_MODE_FUNCTION, functionName: 'weather' });
    expect(request.parallelToolCalls).toBe(false);
    expect(request.responseFormat).toMatchObject({ type: ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA, schemaName: 'out' });
    const json = parseResponsesRequest({ model: 'm', input: 'x', text: { format: { type: 'json_object' } } }).request;
    expect(json.responseFormat?.type).toBe(ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_OBJECT);
  });

  it('asks for usage on streams', () => {
    expect(parseResponsesRequest({ model: 'm', input: 'x', stream: true }).request).toMatchObject({ stream: true, includeUsage: true });
  });

  it.each([['web_search_preview'], ['file_search'], ['computer_use_preview'], ['code_interpreter']])(
    'refuses the built-in %s tool by name',
    (type) => {
      const error = errorOf({ model: 'm', input: 'x', tools: [{ type }] });
      expect(error.status).toBe(400);
      expect(error.message).toContain(type);
      expect(error.param).toBe('tools[0].type');
    },
  );

  it.each([
    [{ model: 'm' }, 'input', 'missing_required_parameter'],
    [{ model: 'm', input: [] }, 'input', 'empty_array'],
    [{ model: 'm', input: [{ type: 'telepathy' }] }, 'input[0].type', 'invalid_value'],
    [{ model: 'm', input: [{ type: 'function_call_output', output: 'x' }] }, 'input[0].call_id', 'missing_required_parameter'],
    [{ model: 'm', input: [{ type: 'function_call', name: 'f', arguments: '{}' }] }, 'input[0].call_id', 'missing_required_parameter'],
    [{ model: 'm', input: [{ role: 'tool', content: 'x' }] }, 'input[0].role', 'invalid_value'],
    [{ model: 'm', input: [{ role: 'user', content: [{ type: 'output_text', text: 'x' }] }] }, 'input[0].content[0].type', 'invalid_value'],
    [{ model: 'm', input: 'x', text: { format: { type: 'yaml' } } }, 'text.format.type', 'invalid_value'],
    [{ model: 'm', input: 'x', reasoning: { effort: 'max' } }, 'reasoning.effort', 'invalid_value'],
    [{ model: 'm', input: 'x', frobnicate: true }, 'frobnicate', 'unknown_parameter'],
  ])('refuses %j at %s', (body, param, code) => {
    const error = errorOf(body);
    expect(error.status).toBe(400);
    expect(error.param).toBe(param);
    expect(error.code).toBe(code);
  });
});
