import { ApiError } from '@switchyard/api-errors';
import {
  ChatMessage,
  ChatRequest,
  ChatRole,
  ContentPart,
  ToolCall,
  ToolChoice,
  ToolChoiceMode,
  ToolDefinition,
} from '@switchyard/contracts';
import { fromSurfaceToolCallId, invalidType, invalidValue, isObject, JsonReader } from '@switchyard/openai-api';

// Every parameter Anthropic's Messages API documents; anything else is refused by name.
const KNOWN_FIELDS = new Set([
  'model',
  'max_tokens',
  'messages',
  'system',
  'stop_sequences',
  'stream',
  'temperature',
  'top_p',
  'top_k',
  'tools',
  'tool_choice',
  'metadata',
  'thinking',
  'service_tier',
  'container',
  'mcp_servers',
  'context_management',
]);
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];

/**
 * Validates an Anthropic Messages body and maps it onto the unified
 * ChatRequest: the system prompt becomes a system message, tool_use blocks
 * become tool calls and tool_result blocks become tool messages.
 */
export function parseMessagesRequest(body: unknown): ChatRequest {
  const r = JsonReader.root(body);
  r.rejectUnknown(KNOWN_FIELDS);
  const model = r.requiredString('model');
  if (model.trim() === '') throw invalidValue('model', 'must not be empty.');
  const maxTokens = r.optionalInteger('max_tokens', 1, 10_000_000);
  if (maxTokens === undefined) throw ApiError.invalidRequest('max_tokens: Field required', 'max_tokens', 'missing_required_parameter');
  rejectUnsupported(r);
  const metadata = r.optionalObject('metadata');
  metadata?.rejectUnknown(new Set(['user_id']));
  return ChatRequest.fromPartial({
    model,
    maxTokens,
    messages: [...systemMessages(r), ...conversation(r)],
    temperature: r.optionalNumber('temperature', 0, 1),
    topP: r.optionalNumber('top_p', 0, 1),
    stop: stopSequences(r),
    tools: tools(r),
    toolChoice: toolChoice(r),
    parallelToolCalls: r.optionalObject('tool_choice')?.optionalBoolean('disable_parallel_tool_use') === true ? false : undefined,
    stream: r.optionalBoolean('stream') ?? false,
    // Usage is always part of an Anthropic answer.
    includeUsage: true,
    endUser: metadata?.optionalString('user_id') ?? '',
  });
}

function unsupported(param: string, what: string): ApiError {
  return ApiError.invalidRequest(`Switchyard does not support ${what}.`, param, 'unsupported_parameter');
}

function rejectUnsupported(r: JsonReader): void {
  if (r.has('top_k')) throw unsupported('top_k', 'top_k sampling');
  const thinking = r.optionalObject('thinking');
  if (thinking && thinking.optionalString('type') !== 'disabled') throw unsupported('thinking', 'extended thinking');
  if (r.has('container')) throw unsupported('container', 'containers');
  if (r.has('mcp_servers')) throw unsupported('mcp_servers', 'MCP servers');
  if (r.has('context_management')) throw unsupported('context_management', 'context management');
  r.optionalString('service_tier');
}

/** Also read by the token counter (count-tokens-request.ts). */
export function systemMessages(r: JsonReader): ChatMessage[] {
  const raw = r.raw('system');
  if (raw === undefined || raw === null) return [];
  if (typeof raw === 'string')
    return raw ? [ChatMessage.fromPartial({ role: ChatRole.CHAT_ROLE_SYSTEM, content: [text(raw)], contentWasString: true })] : [];
  if (!Array.isArray(raw)) throw invalidType('system', 'a string or an array of text blocks', raw);
  const parts = raw.map((_, i) => {
    const b = r.element(raw, i, 'system');
    b.rejectUnknown(new Set(['type', 'text', 'cache_control', 'citations']));
    if (b.requiredString('type') !== 'text') throw invalidValue(b.param('type'), "system blocks must be of type 'text'.");
    return text(b.requiredString('text'));
  });
  return parts.length > 0 ? [ChatMessage.fromPartial({ role: ChatRole.CHAT_ROLE_SYSTEM, content: parts })] : [];
}

/** Also read by the token counter (count-tokens-request.ts). */
export function conversation(r: JsonReader): ChatMessage[] {
  const list = r.requiredArray('messages');
  if (list.length === 0) throw ApiError.invalidRequest('messages: at least one message is required', 'messages', 'empty_array');
  return list.flatMap((_, i) => {
    const m = r.element(list, i, 'messages');
    m.rejectUnknown(new Set(['role', 'content']));
    const role = m.requiredString('role');
    if (role !== 'user' && role !== 'assistant')
      throw invalidValue(m.param('role'), `'${role}'. Supported values are: 'user' and 'assistant'.`);
    const raw = m.raw('content');
    if (typeof raw === 'string') {
      const chatRole = role === 'user' ? ChatRole.CHAT_ROLE_USER : ChatRole.CHAT_ROLE_ASSISTANT;
      return [ChatMessage.fromPartial({ role: chatRole, content: [text(raw)], contentWasString: true })];
    }
    if (!Array.isArray(raw)) throw invalidType(m.param('content'), 'a string or an array of content blocks', raw);
    return role === 'user' ? userTurn(m, raw) : [assistantTurn(m, raw)];
  });
}

/** Tool results come first as tool messages (they answer the previous turn), then the rest as one user message. */
function userTurn(m: JsonReader, blocks: readonly unknown[]): ChatMessage[] {
  const results: ChatMessage[] = [];
  const parts: ContentPart[] = [];
  blocks.forEach((_, i) => {
    const b = m.element(blocks, i, 'content');
    const type = b.requiredString('type');
    switch (type) {
      case 'text':
        b.rejectUnknown(new Set(['type', 'text', 'cache_control', 'citations']));
        parts.push(text(b.requiredString('text')));
        break;
      case 'image':
        b.rejectUnknown(new Set(['type', 'source', 'cache_control']));
        parts.push(image(b.requiredObject('source')));
        break;
      case 'tool_result':
        b.rejectUnknown(new Set(['type', 'tool_use_id', 'content', 'is_error', 'cache_control']));
        results.push(toolResult(b));
        break;
      case 'document':
      case 'search_result':
        throw unsupported(b.param('type'), `'${type}' content blocks`);
      default:
        throw invalidValue(b.param('type'), `'${type}'. Supported values are: 'text', 'image' and 'tool_result'.`);
    }
  });
  return parts.length > 0 ? [...results, ChatMessage.fromPartial({ role: ChatRole.CHAT_ROLE_USER, content: parts })] : results;
}

function assistantTurn(m: JsonReader, blocks: readonly unknown[]): ChatMessage {
  const parts: ContentPart[] = [];
  const toolCalls: ToolCall[] = [];
  blocks.forEach((_, i) => {
    const b = m.element(blocks, i, 'content');
    const type = b.requiredString('type');
    switch (type) {
      case 'text':
        parts.push(text(b.requiredString('text')));
        break;
      case 'tool_use': {
        b.rejectUnknown(new Set(['type', 'id', 'name', 'input', 'cache_control']));
        const input = b.raw('input');
        if (!isObject(input)) throw invalidType(b.param('input'), 'an object', input);
        toolCalls.push({
          id: fromSurfaceToolCallId('anthropic', b.requiredString('id')),
          name: b.requiredString('name'),
          argumentsJson: JSON.stringify(input),
        });
        break;
      }
      case 'thinking':
      case 'redacted_thinking':
        // Earlier thinking cannot be forwarded to other providers; it carries no answer text.
        break;
      default:
        throw invalidValue(b.param('type'), `'${type}'. Supported values in assistant turns are: 'text' and 'tool_use'.`);
    }
  });
  return ChatMessage.fromPartial({ role: ChatRole.CHAT_ROLE_ASSISTANT, content: parts, toolCalls });
}

function toolResult(b: JsonReader): ChatMessage {
  const id = fromSurfaceToolCallId('anthropic', b.requiredString('tool_use_id'));
  const raw = b.raw('content');
  let content: string;
  if (raw === undefined || raw === null) content = '';
  else if (typeof raw === 'string') content = raw;
  else if (Array.isArray(raw)) {
    content = raw
      .map((_, i) => {
        const inner = b.element(raw, i, 'content');
        if (inner.requiredString('type') !== 'text') throw unsupported(inner.param('type'), 'non-text tool_result content');
        return inner.requiredString('text');
      })
      .join('\n');
  } else throw invalidType(b.param('content'), 'a string or an array of text blocks', raw);
  if (b.optionalBoolean('is_error')) content = `Error: ${content}`;
  return ChatMessage.fromPartial({ role: ChatRole.CHAT_ROLE_TOOL, toolCallId: id, content: [text(content)], contentWasString: true });
}

function image(source: JsonReader): ContentPart {
  const type = source.requiredString('type');
  if (type === 'base64') {
    source.rejectUnknown(new Set(['type', 'media_type', 'data']));
    const mediaType = source.requiredString('media_type');
    if (!IMAGE_TYPES.includes(mediaType))
      throw invalidValue(
        source.param('media_type'),
        `'${mediaType}'. Supported values are: ${IMAGE_TYPES.map((t) => `'${t}'`).join(', ')}.`,
      );
    return { part: { $case: 'image', image: { url: `data:${mediaType};base64,${source.requiredString('data')}`, detail: '' } } };
  }
  if (type === 'url') {
    source.rejectUnknown(new Set(['type', 'url']));
    const url = source.requiredString('url');
    if (!/^https?:\/\//i.test(url)) throw invalidValue(source.param('url'), 'expected an http(s) URL.');
    return { part: { $case: 'image', image: { url, detail: '' } } };
  }
  throw invalidValue(source.param('type'), `'${type}'. Supported values are: 'base64' and 'url'.`);
}

function stopSequences(r: JsonReader): string[] {
  const list = r.optionalArray('stop_sequences');
  if (!list) return [];
  if (list.some((s) => typeof s !== 'string')) throw invalidType('stop_sequences', 'an array of strings', list);
  return list as string[];
}

/** Also read by the token counter (count-tokens-request.ts). */
export function tools(r: JsonReader): ToolDefinition[] {
  const list = r.optionalArray('tools');
  if (!list) return [];
  return list.map((_, i) => {
    const t = r.element(list, i, 'tools');
    const type = t.optionalString('type');
    if (type !== undefined && type !== 'custom') throw unsupported(t.param('type'), `server tools ('${type}')`);
    t.rejectUnknown(new Set(['type', 'name', 'description', 'input_schema', 'cache_control']));
    const name = t.requiredString('name');
    if (!TOOL_NAME.test(name)) throw invalidValue(t.param('name'), `'${name}' must match ^[a-zA-Z0-9_-]{1,64}$.`);
    t.requiredObject('input_schema');
    return ToolDefinition.fromPartial({
      name,
      description: t.optionalString('description') ?? '',
      parametersJson: JSON.stringify(t.raw('input_schema')),
    });
  });
}

/** Also read by the token counter (count-tokens-request.ts). */
export function toolChoice(r: JsonReader): ToolChoice | undefined {
  const choice = r.optionalObject('tool_choice');
  if (!choice) return undefined;
  choice.rejectUnknown(new Set(['type', 'name', 'disable_parallel_tool_use']));
  const type = choice.requiredString('type');
  switch (type) {
    case 'auto':
      return { mode: ToolChoiceMode.TOOL_CHOICE_MODE_AUTO, functionName: '' };
    case 'any':
      return { mode: ToolChoiceMode.TOOL_CHOICE_MODE_REQUIRED, functionName: '' };
    case 'none':
      return { mode: ToolChoiceMode.TOOL_CHOICE_MODE_NONE, functionName: '' };
    case 'tool':
      return { mode: ToolChoiceMode.TOOL_CHOICE_MODE_FUNCTION, functionName: choice.requiredString('name') };
    default:
      throw invalidValue(choice.param('type'), `'${type}'. Supported values are: 'auto', 'any', 'tool' and 'none'.`);
  }
}

function text(value: string): ContentPart {
  return { part: { $case: 'text', text: value } };
}
