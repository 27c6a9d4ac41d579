import { isRecord } from '../../behaviour/config';
import type { ReplyRequest, ToolMode, ToolSpec } from '../../behaviour/reply';
import { countPromptTokens } from '../../behaviour/tokens';
import { invalidRequest, type AnthropicError } from './errors';

export interface AnthropicRequest {
  reply: ReplyRequest;
  stream: boolean;
  promptTokens: number;
}

export type AnthropicParse = { ok: true; value: AnthropicRequest; markerText: string } | { ok: false; error: AnthropicError };

interface Scan {
  text: string;
  images: number;
  toolResults: number;
}

const fail = (message: string): { ok: false; error: AnthropicError } => ({ ok: false, error: invalidRequest(message) });

function scanBlocks(content: unknown, path: string): Scan | string {
  if (typeof content === 'string') return { text: content, images: 0, toolResults: 0 };
  if (!Array.isArray(content)) return `${path}: Input should be a valid list`;
  const scan: Scan = { text: '', images: 0, toolResults: 0 };
  const texts: string[] = [];
  for (const [i, block] of content.entries()) {
    const p = `${path}.${i}`;
    if (!isRecord(block)) return `${p}: Input should be a valid dictionary or object to extract fields from`;
    switch (block['type']) {
      case 'text':
        if (typeof block['text'] !== 'string') return `${p}.text.text: Field required`;
        texts.push(block['text']);
        break;
      case 'image': {
        const source = block['source'];
        if (!isRecord(source)) return `${p}.image.source: Field required`;
        if (source['type'] === 'base64' && (typeof source['data'] !== 'string' || typeof source['media_type'] !== 'string')) {
          return `${p}.image.source.base64.data: Field required`;
        }
        if (source['type'] === 'url' && typeof source['url'] !== 'string') return `${p}.image.source.url.url: Field required`;
        scan.images++;
        break;
      }
      case 'tool_use':
        if (typeof block['id'] !== 'string' || typeof block['name'] !== 'string') return `${p}.tool_use.id: Field required`;
        texts.push(JSON.stringify(block['input'] ?? {}));
        break;
      case 'tool_result': {
        if (typeof block['tool_use_id'] !== 'string') return `${p}.tool_result.tool_use_id: Field required`;
        const inner = block['content'];
        if (inner !== undefined) {
          const nested = scanBlocks(inner, `${p}.tool_result.content`);
          if (typeof nested === 'string') return nested;
          texts.push(nested.text);
          scan.images += nested.images;
        }
        scan.toolResults++;
        break;
      }
      case 'document':
      case 'thinking':
      case 'redacted_thinking':
        break;
      default:
        return `${p}: Input tag '${String(block['type'])}' found using 'type' does not match any of the expected tags: 'document', 'image', 'redacted_thinking', 'text', 'thinking', 'tool_result', 'tool_use'`;
    }
  }
  scan.text = texts.join('\n');
  return scan;
}

function parseTools(value: unknown): ToolSpec[] | string {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return 'tools: Input should be a valid list';
  const tools: ToolSpec[] = [];
  for (const [i, tool] of value.entries()) {
    if (!isRecord(tool) || typeof tool['name'] !== 'string') return `tools.${i}.custom.name: Field required`;
    // Server tools (web search etc.) carry a versioned type and no input_schema.
    if (tool['type'] !== undefined && tool['type'] !== 'custom') continue;
    if (!isRecord(tool['input_schema'])) return `tools.${i}.custom.input_schema: Field required`;
    tools.push({ name: tool['name'], parameters: tool['input_schema'] });
  }
  return tools;
}

function parseToolChoice(value: unknown): { mode: ToolMode } | { error: string } {
  if (value === undefined) return { mode: 'auto' };
  if (!isRecord(value)) return { error: 'tool_choice: Input should be a valid dictionary' };
  switch (value['type']) {
    case 'auto':
      return { mode: 'auto' };
    case 'any':
      return { mode: 'required' };
    case 'none':
      return { mode: 'none' };
    case 'tool':
      return typeof value['name'] === 'string' ? { mode: { name: value['name'] } } : { error: 'tool_choice.tool.name: Field required' };
    default:
      return {
        error: `tool_choice: Input tag '${String(value['type'])}' found using 'type' does not match any of the expected tags: 'auto', 'any', 'tool', 'none'`,
      };
  }
}

function systemText(value: unknown): string | null {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) return null;
  const texts: string[] = [];
  for (const block of value) {
    if (!isRecord(block) || block['type'] !== 'text' || typeof block['text'] !== 'string') return null;
    texts.push(block['text']);
  }
  return texts.join('\n');
}

/** `countOnly`: a /v1/messages/count_tokens body, which takes the prompt only (max_tokens is refused, as Anthropic does). */
export function parseMessagesRequest(body: unknown, invalidJson: boolean, countOnly = false): AnthropicParse {
  if (invalidJson || !isRecord(body)) return fail('There was an issue with the format of your request: the body must be a JSON object.');
  if (typeof body['model'] !== 'string' || !body['model']) return fail('model: Field required');
  const maxTokens = countOnly ? 1 : body['max_tokens'];
  for (const field of ['max_tokens', 'stream', 'temperature', 'stop_sequences'])
    if (countOnly && body[field] !== undefined) return fail(`${field}: Extra inputs are not permitted`);
  if (maxTokens === undefined) return fail('max_tokens: Field required');
  if (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < 1)
    return fail('max_tokens: Input should be greater than or equal to 1');
  const messages = body['messages'];
  if (messages === undefined) return fail('messages: Field required');
  if (!Array.isArray(messages)) return fail('messages: Input should be a valid list');
  if (messages.length === 0) return fail('messages: at least one message is required');

  const texts: string[] = [];
  let images = 0;
  let lastUser: Scan = { text: '', images: 0, toolResults: 0 };
  let lastIsFreshUserTurn = false;
  for (const [i, message] of messages.entries()) {
    if (!isRecord(message)) return fail(`messages.${i}: Input should be a valid dictionary`);
    const role = message['role'];
    if (role !== 'user' && role !== 'assistant') return fail(`messages.${i}.role: Input should be 'user' or 'assistant'`);
    const scan = scanBlocks(message['content'], `messages.${i}.content`);
    if (typeof scan === 'string') return fail(scan);
    texts.push(scan.text);
    images += scan.images;
    if (role === 'user') lastUser = scan;
    // A user turn that only returns tool results continues the assistant's turn.
    lastIsFreshUserTurn = role === 'user' && scan.toolResults === 0;
  }
  const system = systemText(body['system']);
  if (system === null) return fail('system: Input should be a valid string or a list of text blocks');
  const tools = parseTools(body['tools']);
  if (typeof tools === 'string') return fail(tools);
  const toolChoice = parseToolChoice(body['tool_choice']);
  if ('error' in toolChoice) return fail(toolChoice.error);

  return {
    ok: true,
    markerText: lastUser.text,
    value: {
      stream: body['stream'] === true,
      promptTokens: countPromptTokens({
        system: system || undefined,
        messages: texts,
        images,
        tools: tools.length ? JSON.stringify(body['tools']) : undefined,
      }),
      reply: {
        model: body['model'],
        lastUserText: lastUser.text,
        imageCount: lastUser.images,
        tools,
        toolMode: toolChoice.mode,
        lastTurnIsUser: lastIsFreshUserTurn,
        responseFormat: { kind: 'text' },
        maxTokens,
      },
    },
  };
}
