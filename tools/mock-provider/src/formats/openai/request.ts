import { isRecord } from '../../behaviour/config';
import type { ReplyRequest, ResponseFormat, ToolMode, ToolSpec } from '../../behaviour/reply';
import { countPromptTokens } from '../../behaviour/tokens';
import { INVALID_JSON_MESSAGE, invalidRequest, type OpenAIErrorBody } from './errors';

export interface OpenAIChatRequest {
  reply: ReplyRequest;
  stream: boolean;
  includeUsage: boolean;
  includeObfuscation: boolean;
  promptTokens: number;
}

export type OpenAIParse<T> = { ok: true; value: T; markerText: string } | { ok: false; error: OpenAIErrorBody };

const ROLES = ['system', 'assistant', 'user', 'function', 'tool', 'developer'];

interface MessageScan {
  text: string;
  images: number;
}

function fail(message: string, param: string | null = null, code: string | null = null): { ok: false; error: OpenAIErrorBody } {
  return { ok: false, error: invalidRequest(message, param, code) };
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function scanContent(content: unknown, path: string): MessageScan | OpenAIErrorBody {
  if (content === undefined || content === null) return { text: '', images: 0 };
  if (typeof content === 'string') return { text: content, images: 0 };
  if (!Array.isArray(content)) {
    return invalidRequest(
      `Invalid type for '${path}': expected one of a string or array of objects, but got ${typeName(content)} instead.`,
      path,
      'invalid_type',
    );
  }
  const texts: string[] = [];
  let images = 0;
  for (const [i, part] of content.entries()) {
    const partPath = `${path}[${i}]`;
    if (!isRecord(part))
      return invalidRequest(
        `Invalid type for '${partPath}': expected an object, but got ${typeName(part)} instead.`,
        partPath,
        'invalid_type',
      );
    if (part['type'] === 'text') {
      if (typeof part['text'] !== 'string')
        return invalidRequest(`Missing required parameter: '${partPath}.text'.`, `${partPath}.text`, 'missing_required_parameter');
      texts.push(part['text']);
    } else if (part['type'] === 'image_url') {
      const url = isRecord(part['image_url']) ? part['image_url']['url'] : undefined;
      if (typeof url !== 'string')
        return invalidRequest(
          `Missing required parameter: '${partPath}.image_url.url'.`,
          `${partPath}.image_url.url`,
          'missing_required_parameter',
        );
      if (!/^data:image\/[a-z0-9.+-]+;base64,/i.test(url) && !/^https?:\/\//i.test(url)) {
        return invalidRequest(
          `Invalid image URL: '${partPath}.image_url.url'. Expected a valid URL or a base64-encoded data URL with an image MIME type.`,
          `${partPath}.image_url.url`,
          'invalid_value',
        );
      }
      images++;
    } else if (part['type'] !== 'input_audio' && part['type'] !== 'file' && part['type'] !== 'refusal') {
      return invalidRequest(
        `Invalid value: '${String(part['type'])}'. Supported values are: 'text', 'image_url', 'input_audio', 'refusal', and 'file'.`,
        `${partPath}.type`,
        'invalid_value',
      );
    }
  }
  return { text: texts.join('\n'), images };
}

function parseTools(body: Record<string, unknown>): ToolSpec[] | OpenAIErrorBody {
  const tools = body['tools'];
  if (tools === undefined || tools === null) return [];
  if (!Array.isArray(tools))
    return invalidRequest(
      `Invalid type for 'tools': expected an array of objects, but got ${typeName(tools)} instead.`,
      'tools',
      'invalid_type',
    );
  const out: ToolSpec[] = [];
  for (const [i, tool] of tools.entries()) {
    const fn = isRecord(tool) ? tool['function'] : undefined;
    if (!isRecord(tool) || tool['type'] !== 'function' || !isRecord(fn)) {
      return invalidRequest(`Missing required parameter: 'tools[${i}].function'.`, `tools[${i}].function`, 'missing_required_parameter');
    }
    if (typeof fn['name'] !== 'string' || !fn['name']) {
      return invalidRequest(
        `Missing required parameter: 'tools[${i}].function.name'.`,
        `tools[${i}].function.name`,
        'missing_required_parameter',
      );
    }
    out.push({ name: fn['name'], parameters: fn['parameters'] ?? { type: 'object', properties: {} } });
  }
  return out;
}

function parseToolChoice(value: unknown): ToolMode | OpenAIErrorBody {
  if (value === undefined || value === null) return 'auto';
  if (value === 'auto' || value === 'none' || value === 'required') return value;
  if (isRecord(value) && value['type'] === 'function' && isRecord(value['function']) && typeof value['function']['name'] === 'string') {
    return { name: value['function']['name'] };
  }
  return invalidRequest(
    "Invalid value for 'tool_choice': expected one of 'none', 'auto', 'required', or an object naming a function.",
    'tool_choice',
    'invalid_value',
  );
}

function parseResponseFormat(value: unknown): ResponseFormat | OpenAIErrorBody {
  if (value === undefined || value === null) return { kind: 'text' };
  if (!isRecord(value))
    return invalidRequest(
      `Invalid type for 'response_format': expected an object, but got ${typeName(value)} instead.`,
      'response_format',
      'invalid_type',
    );
  switch (value['type']) {
    case 'text':
      return { kind: 'text' };
    case 'json_object':
      return { kind: 'json_object' };
    case 'json_schema': {
      const js = value['json_schema'];
      if (!isRecord(js))
        return invalidRequest(
          "Missing required parameter: 'response_format.json_schema'.",
          'response_format.json_schema',
          'missing_required_parameter',
        );
      if (typeof js['name'] !== 'string')
        return invalidRequest(
          "Missing required parameter: 'response_format.json_schema.name'.",
          'response_format.json_schema.name',
          'missing_required_parameter',
        );
      return { kind: 'json_schema', schema: js['schema'] ?? {} };
    }
    default:
      return invalidRequest(
        `Invalid value: '${String(value['type'])}'. Supported values are: 'json_object', 'json_schema', and 'text'.`,
        'response_format.type',
        'invalid_value',
      );
  }
}

function isError<T>(value: T | OpenAIErrorBody): value is OpenAIErrorBody {
  return isRecord(value) && typeof value['message'] === 'string' && 'param' in value;
}

export function parseChatRequest(body: unknown, invalidJson: boolean, fallbackModel?: string): OpenAIParse<OpenAIChatRequest> {
  if (invalidJson || !isRecord(body)) return fail(INVALID_JSON_MESSAGE);
  const model = typeof body['model'] === 'string' && body['model'] ? body['model'] : fallbackModel;
  if (!model) return fail('you must provide a model parameter');

  const messages = body['messages'];
  if (messages === undefined) return fail("Missing required parameter: 'messages'.", 'messages', 'missing_required_parameter');
  if (!Array.isArray(messages))
    return fail(
      `Invalid type for 'messages': expected an array of objects, but got ${typeName(messages)} instead.`,
      'messages',
      'invalid_type',
    );
  if (messages.length === 0)
    return fail(
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      'messages',
      'empty_array',
    );

  const texts: string[] = [];
  let images = 0;
  let lastUser: MessageScan = { text: '', images: 0 };
  let lastRole = '';
  for (const [i, message] of messages.entries()) {
    if (!isRecord(message))
      return fail(
        `Invalid type for 'messages[${i}]': expected an object, but got ${typeName(message)} instead.`,
        `messages[${i}]`,
        'invalid_type',
      );
    const role = message['role'];
    if (typeof role !== 'string' || !ROLES.includes(role)) {
      return fail(
        `Invalid value: '${String(role)}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.`,
        `messages[${i}].role`,
        'invalid_value',
      );
    }
    if (role === 'tool' && typeof message['tool_call_id'] !== 'string') {
      return fail(
        `Missing parameter 'tool_call_id': messages with role 'tool' must have a 'tool_call_id'.`,
        `messages.[${i}].tool_call_id`,
      );
    }
    const scan = scanContent(message['content'], `messages[${i}].content`);
    if (isError(scan)) return { ok: false, error: scan };
    const toolCalls = Array.isArray(message['tool_calls']) ? JSON.stringify(message['tool_calls']) : '';
    texts.push(scan.text + toolCalls);
    images += scan.images;
    if (role === 'user') lastUser = scan;
    lastRole = role;
  }

  const tools = parseTools(body);
  if (isError(tools)) return { ok: false, error: tools };
  const toolMode = parseToolChoice(body['tool_choice']);
  if (isError(toolMode)) return { ok: false, error: toolMode };
  const responseFormat = parseResponseFormat(body['response_format']);
  if (isError(responseFormat)) return { ok: false, error: responseFormat };

  const stream = body['stream'] === true;
  const streamOptions = body['stream_options'];
  if (streamOptions !== undefined && streamOptions !== null && !stream) {
    return fail("The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'stream_options', 'invalid_value');
  }
  const maxTokensKey = body['max_completion_tokens'] !== undefined ? 'max_completion_tokens' : 'max_tokens';
  const maxTokens = body[maxTokensKey];
  if (maxTokens !== undefined && maxTokens !== null && (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < 1)) {
    return fail(
      `Invalid '${maxTokensKey}': integer below minimum value. Expected a value >= 1, but got ${String(maxTokens)} instead.`,
      maxTokensKey,
      'integer_below_min_value',
    );
  }

  const promptTokens = countPromptTokens({
    messages: texts,
    images,
    tools: tools.length ? JSON.stringify(body['tools']) : undefined,
  });
  return {
    ok: true,
    markerText: lastUser.text,
    value: {
      stream,
      includeUsage: isRecord(streamOptions) && streamOptions['include_usage'] === true,
      includeObfuscation: !(isRecord(streamOptions) && streamOptions['include_obfuscation'] === false),
      promptTokens,
      reply: {
        model,
        lastUserText: lastUser.text,
        imageCount: lastUser.images,
        tools,
        toolMode,
        lastTurnIsUser: lastRole === 'user',
        responseFormat,
        maxTokens: typeof maxTokens === 'number' ? maxTokens : undefined,
      },
    },
  };
}
