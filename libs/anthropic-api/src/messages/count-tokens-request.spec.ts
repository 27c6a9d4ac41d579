import { ChatRole } from '@switchyard/contracts';
import { parseCountTokensRequest, renderTokenCount } from './count-tokens-request';

const messages = [{ role: 'user', content: 'hello' }];

describe('count_tokens request', () => {
  it('reads the prompt of a Messages body without max_tokens', () => {
    const request = parseCountTokensRequest({
      model: 'claude-sonnet-4-5',
      system: 'Be brief.',
      messages,
      tools: [{ name: 'lookup', input_schema: { type: 'object' } }],
      tool_choice: { type: 'auto' },
      thinking: { type: 'enabled', budget_tokens: 2048 },
    });
    expect(request.maxTokens).toBeUndefined();
    expect(request.messages.map((m) => m.role)).toEqual([ChatRole.CHAT_ROLE_SYSTEM, ChatRole.CHAT_ROLE_USER]);
    expect(request.tools.map((t) => t.name)).toEqual(['lookup']);
  });

  it.each([
    [{ messages }, 'model'],
    [{ model: 'm', messages, max_tokens: 10 }, 'max_tokens'],
    [{ model: 'm', messages: [] }, 'messages'],
    [{ model: 'm', messages, thinking: { type: 'maybe' } }, 'thinking.type'],
    [{ model: 'm', messages, mcp_servers: [] }, 'mcp_servers'],
  ])('refuses %j naming %s', (body, param) => {
    expect(() => parseCountTokensRequest(body)).toThrow(expect.objectContaining({ status: 400, param }));
  });

  it("answers in Anthropic's exact shape", () => {
    expect(renderTokenCount(17)).toEqual({ input_tokens: 17 });
  });
});
