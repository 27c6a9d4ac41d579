import { ChatMessage, ChatRole, ContentPart, ToolCall } from '@switchyard/contracts';
import { ApiError } from '@switchyard/api-errors';
import { invalidType, invalidValue, isObject, JsonReader } from '../validation/json-walker';
import { fromSurfaceToolCallId } from '../tool-call-ids/tool-call-id-codec';

const ROLES: Record<string, ChatRole> = {
  system: ChatRole.CHAT_ROLE_SYSTEM,
  developer: ChatRole.CHAT_ROLE_DEVELOPER,
  user: ChatRole.CHAT_ROLE_USER,
  assistant: ChatRole.CHAT_ROLE_ASSISTANT,
  tool: ChatRole.CHAT_ROLE_TOOL,
};

// 'annotations' comes back on assistant messages (url citations); SDK users send those messages
// back as they received them, so it is accepted and dropped like OpenAI does.
const MESSAGE_FIELDS = new Set([
  'role',
  'content',
  'name',
  'tool_calls',
  'tool_call_id',
  'refusal',
  'audio',
  'function_call',
  'annotations',
]);

export function parseChatMessages(body: JsonReader): ChatMessage[] {
  const list = body.requiredArray('messages');
  if (list.length === 0) {
    throw ApiError.invalidRequest("Invalid 'messages': empty array. Expected an array with minimum length 1.", 'messages', 'empty_array');
  }
  return list.map((_, i) => parseMessage(body.element(list, i, 'messages')));
}

function parseMessage(m: JsonReader): ChatMessage {
  m.rejectUnknown(MESSAGE_FIELDS);
  const roleName = m.requiredString('role');
  const role = ROLES[roleName];
  if (role === undefined) {
    throw invalidValue(m.param('role'), `'${roleName}'. Supported values are: 'system', 'developer', 'user', 'assistant' and 'tool'.`);
  }
  if (m.has('function_call')) throw unsupported(m.param('function_call'), "the deprecated 'function_call' message field; use 'tool_calls'");
  if (m.has('audio')) throw unsupported(m.param('audio'), 'audio output references in messages');

  const toolCalls = role === ChatRole.CHAT_ROLE_ASSISTANT ? parseToolCalls(m) : [];
  if (role !== ChatRole.CHAT_ROLE_ASSISTANT && m.has('tool_calls')) {
    throw invalidValue(m.param('tool_calls'), "only assistant messages may carry 'tool_calls'.");
  }
  const content = parseContent(m, role, toolCalls.length > 0);
  const toolCallId = fromSurfaceToolCallId(
    'openai',
    role === ChatRole.CHAT_ROLE_TOOL ? m.requiredString('tool_call_id') : (m.optionalString('tool_call_id') ?? ''),
  );
  const refusal = m.optionalString('refusal');
  if (refusal) content.push({ part: { $case: 'text', text: refusal } });
  return ChatMessage.fromPartial({
    role,
    content,
    name: m.optionalString('name') ?? '',
    toolCalls,
    toolCallId,
    contentWasString: typeof m.raw('content') === 'string',
  });
}

function parseContent(m: JsonReader, role: ChatRole, hasToolCalls: boolean): ContentPart[] {
  const raw = m.raw('content');
  const param = m.param('content');
  if (raw === undefined || raw === null) {
    if (role === ChatRole.CHAT_ROLE_ASSISTANT && (hasToolCalls || m.has('refusal'))) return [];
    throw ApiError.invalidRequest(`Missing required parameter: '${param}'.`, param, 'missing_required_parameter');
  }
  if (typeof raw === 'string') return [{ part: { $case: 'text', text: raw } }];
  if (!Array.isArray(raw)) throw invalidType(param, 'one of a string or array of objects', raw);
  return raw.map((part, i) => parsePart(part, `${param}[${i}]`, role));
}

function parsePart(value: unknown, param: string, role: ChatRole): ContentPart {
  if (!isObject(value)) throw invalidType(param, 'an object', value);
  const part = new JsonReader(value, param);
  const type = part.requiredString('type');
  const userish = role === ChatRole.CHAT_ROLE_USER;
  switch (type) {
    case 'text':
      part.rejectUnknown(new Set(['type', 'text', 'cache_control']));
      return { part: { $case: 'text', text: part.requiredString('text') } };
    case 'refusal':
      part.rejectUnknown(new Set(['type', 'refusal']));
      return { part: { $case: 'text', text: part.requiredString('refusal') } };
    case 'image_url': {
      if (!userish) throw invalidValue(`${param}.type`, `'image_url' content is only allowed in user messages.`);
      part.rejectUnknown(new Set(['type', 'image_url']));
      const image = part.requiredObject('image_url');
      image.rejectUnknown(new Set(['url', 'detail']));
      const url = image.requiredString('url');
      if (!/^(https?:\/\/|data:image\/[a-z0-9.+-]+;base64,)/i.test(url)) {
        throw invalidValue(image.param('url'), 'expected an http(s) URL or a base64 data: URI of an image.');
      }
      const detail = image.optionalString('detail') ?? '';
      if (detail && !['auto', 'low', 'high'].includes(detail)) {
        throw invalidValue(image.param('detail'), `'${detail}'. Supported values are: 'auto', 'low' and 'high'.`);
      }
      return { part: { $case: 'image', image: { url, detail } } };
    }
    case 'input_audio': {
      if (!userish) throw invalidValue(`${param}.type`, `'input_audio' content is only allowed in user messages.`);
      part.rejectUnknown(new Set(['type', 'input_audio']));
      const audio = part.requiredObject('input_audio');
      const format = audio.requiredString('format');
      if (!['wav', 'mp3'].includes(format))
        throw invalidValue(audio.param('format'), `'${format}'. Supported values are: 'wav' and 'mp3'.`);
      return { part: { $case: 'audio', audio: { dataBase64: audio.requiredString('data'), format } } };
    }
    case 'file':
      throw unsupported(param, "'file' content parts");
    default:
      throw invalidValue(`${param}.type`, `'${type}'. Supported values are: 'text', 'image_url', 'input_audio' and 'refusal'.`);
  }
}

function parseToolCalls(m: JsonReader): ToolCall[] {
  const list = m.optionalArray('tool_calls');
  if (!list) return [];
  return list.map((_, i) => {
    const call = m.element(list, i, 'tool_calls');
    call.rejectUnknown(new Set(['id', 'type', 'function']));
    const type = call.requiredString('type');
    if (type !== 'function') throw invalidValue(call.param('type'), `'${type}'. Supported values are: 'function'.`);
    const fn = call.requiredObject('function');
    return {
      id: fromSurfaceToolCallId('openai', call.requiredString('id')),
      name: fn.requiredString('name'),
      argumentsJson: fn.requiredString('arguments'),
    };
  });
}

export function unsupported(param: string, what: string): ApiError {
  return ApiError.invalidRequest(`Switchyard does not support ${what}.`, param, 'unsupported_parameter');
}
