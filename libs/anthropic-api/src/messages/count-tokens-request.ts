import { ApiError } from '@switchyard/api-errors';
import { ChatRequest } from '@switchyard/contracts';
import { invalidValue, JsonReader } from '@switchyard/openai-api';
import { conversation, systemMessages, toolChoice, tools } from './parse-messages-request';

// What Anthropic's /v1/messages/count_tokens takes: the prompt of a Messages body, nothing about generation.
const KNOWN_FIELDS = new Set(['model', 'messages', 'system', 'tools', 'tool_choice', 'thinking', 'mcp_servers', 'context_management']);
const THINKING_TYPES = new Set(['enabled', 'disabled', 'adaptive']);

/**
 * A count_tokens body as the unified chat request it would be sent as (no
 * max_tokens: nothing is generated). `thinking` is checked and accepted; it
 * does not change the count of the prompt.
 */
export function parseCountTokensRequest(body: unknown): ChatRequest {
  const r = JsonReader.root(body);
  r.rejectUnknown(KNOWN_FIELDS);
  const model = r.requiredString('model');
  if (model.trim() === '') throw invalidValue('model', 'must not be empty.');
  const thinking = r.optionalObject('thinking');
  if (thinking) {
    const type = thinking.requiredString('type');
    if (!THINKING_TYPES.has(type))
      throw invalidValue(thinking.param('type'), `'${type}'. Supported values are: 'enabled', 'disabled' and 'adaptive'.`);
    thinking.optionalInteger('budget_tokens', 1024, 10_000_000);
  }
  if (r.has('mcp_servers'))
    throw ApiError.invalidRequest('Switchyard does not support MCP servers.', 'mcp_servers', 'unsupported_parameter');
  if (r.has('context_management'))
    throw ApiError.invalidRequest('Switchyard does not support context management.', 'context_management', 'unsupported_parameter');
  return ChatRequest.fromPartial({
    model,
    messages: [...systemMessages(r), ...conversation(r)],
    tools: tools(r),
    toolChoice: toolChoice(r),
    parallelToolCalls: r.optionalObject('tool_choice')?.optionalBoolean('disable_parallel_tool_use') === true ? false : undefined,
  });
}

/** Anthropic's answer: `{ "input_tokens": n }`, nothing else. */
export function renderTokenCount(inputTokens: number): { input_tokens: number } {
  return { input_tokens: inputTokens };
}
