import { ApiError } from '@switchyard/api-errors';
import { ChatRole, ToolChoiceMode } from '@switchyard/contracts';
import { parseMessagesRequest } from './parse-messages-request';

const base = { model: 'claude-x', max_tokens: 100 };

describe('parseMessagesRequest', () => {
  it('maps system, text, images, tool_use and tool_result onto the unified request', () => {
    const request = parseMessagesRequest({
      ...base,
      system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
      temperature: 0.5,
      stop_sequences: ['END'],
      metadata: { user_id: 'u-1' },
      tools: [{ name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Look' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: '18C' }] },
            { type: 'text', text: 'And tomorrow?' },
          ],
        },
      ],
    });
    expect(request).toMatchObject({
      model: 'claude-x',
      maxTokens: 100,
      temperature: 0.5,
      stop: ['END'],
      endUser: 'u-1',
      includeUsage: true,
      parallelToolCalls: false,
      toolChoice: { mode: ToolChoiceMode.TOOL_CHOICE_MODE_REQUIRED },
    });
    expect(request.tools[0]).toMatchObject({
      name: 'get_weather',
      parametersJson: '{"type":"object","properties":{"city":{"type":"string"}}}',
    });
    expect(request.messages.map((m) => m.role)).toEqual([
      ChatRole.CHAT_ROLE_SYSTEM,
      ChatRole.CHAT_ROLE_USER,
      ChatRole.CHAT_ROLE_ASSISTANT,
      ChatRole.CHAT_ROLE_TOOL,
      ChatRole.CHAT_ROLE_USER,
    ]);
    expect(request.messages[1]!.content[1]).toEqual({ part: { $case: 'image', image: { url: 'data:image/png;base64,AAAA', detail: '' } } });
    expect(request.messages[2]!.toolCalls).toEqual([{ id: 'toolu_1', name: 'get_weather', argumentsJson: '{"city":"Paris"}' }]);
    expect(request.messages[3]).toMatchObject({ toolCallId: 'toolu_1', content: [{ part: { $case: 'text', text: '18C' } }] });
  });

  it.each([
    [{ model: 'm', messages: [{ role: 'user', content: 'x' }] }, /max_tokens: Field required/],
    [{ ...base, messages: [] }, /at least one message/],
    [{ ...base, messages: [{ role: 'system', content: 'x' }] }, /'system'\. Supported values are: 'user' and 'assistant'/],
    [{ ...base, top_k: 5, messages: [{ role: 'user', content: 'x' }] }, /does not support top_k/],
    [{ ...base, thinking: { type: 'enabled', budget_tokens: 1024 }, messages: [{ role: 'user', content: 'x' }] }, /extended thinking/],
    [{ ...base, temperature: 1.5, messages: [{ role: 'user', content: 'x' }] }, /outside the allowed range/],
    [{ ...base, tools: [{ type: 'web_search_20250305', name: 'web_search' }], messages: [{ role: 'user', content: 'x' }] }, /server tools/],
    [
      {
        ...base,
        messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/bmp', data: 'x' } }] }],
      },
      /image\/bmp/,
    ],
    [{ ...base, bogus: 1, messages: [{ role: 'user', content: 'x' }] }, /Unrecognized request argument supplied: bogus/],
  ])('refuses bad input with a 400 naming the field (%#)', (body, message) => {
    let caught: unknown;
    try {
      parseMessagesRequest(body);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ApiError);
    expect((caught as ApiError).status).toBe(400);
    expect((caught as ApiError).message).toMatch(message);
  });
});
