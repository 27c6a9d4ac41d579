import { ChatMessage, ChatRole, ContentPart, ToolCall } from '@switchyard/contracts';
import { ApiError } from '@switchyard/api-errors';
import { invalidType, invalidValue, isObject, JsonReader, missing } from '../validation/json-walker';
import { unsupported } from '../chat/parse-chat-messages';
import { fromSurfaceToolCallId } from '../tool-call-ids/tool-call-id-codec';

const ROLES: Record<string, ChatRole> = {
  system: ChatRole.CHAT_ROLE_SYSTEM,
  developer: ChatRole.CHAT_ROLE_DEVELOPER,
  user: ChatRole.CHAT_ROLE_USER,
  assistant: ChatRole.CHAT_ROLE_ASSISTANT,
};

/**
 * Maps a Responses `input` (a string or a list of items) onto unified chat
 * messages. Consecutive function_call items become one assistant message
 * with several tool calls, as chat completions carries them.
 */
export function parseResponsesInput(r: JsonReader): ChatMessage[] {
  const raw = r.raw('input');
  if (raw === undefined || raw === null) throw missing('input');
  if (typeof raw === 'string') return [userText(raw)];
  if (!Array.isArray(raw)) throw invalidType('input', 'a string or an array of input items', raw);
  if (raw.length === 0) throw ApiError.invalidRequest("Invalid 'input': empty array. Expected at least one item.", 'input', 'empty_array');
  const messages: ChatMessage[] = [];
  raw.forEach((_, i) => {
    const item = r.element(raw, i, 'input');
    const type = item.optionalString('type') ?? 'message';
    switch (type) {
      case 'message':
        messages.push(parseMessageItem(item));
        return;
      case 'function_call': {
        const call = parseFunctionCall(item);
        const last = messages[messages.length - 1];
        if (last && last.role === ChatRole.CHAT_ROLE_ASSISTANT && last.toolCalls.length > 0) last.toolCalls.push(call);
        else messages.push(ChatMessage.fromPartial({ role: ChatRole.CHAT_ROLE_ASSISTANT, toolCalls: [call] }));
        return;
      }
      case 'function_call_output':
        messages.push(parseFunctionCallOutput(item));
        return;
      case 'reasoning':
        // Reasoning items come back from reasoning models; SDK users send them back as received. No family takes them as input.
        return;
      default:
        throw invalidValue(
          item.param('type'),
          `'${type}'. Supported values are: 'message', 'function_call', 'function_call_output' and 'reasoning'.`,
        );
    }
  });
  return messages;
}

function userText(text: string): ChatMessage {
  return ChatMessage.fromPartial({ role: ChatRole.CHAT_ROLE_USER, content: [{ part: { $case: 'text', text } }], contentWasString: true });
}

function parseMessageItem(m: JsonReader): ChatMessage {
  m.rejectUnknown(new Set(['type', 'role', 'content', 'id', 'status']));
  const roleName = m.requiredString('role');
  const role = ROLES[roleName];
  if (role === undefined) {
    throw invalidValue(m.param('role'), `'${roleName}'. Supported values are: 'user', 'system', 'developer' and 'assistant'.`);
  }
  const raw = m.raw('content');
  if (raw === undefined || raw === null) throw missing(m.param('content'));
  if (typeof raw === 'string') {
    return ChatMessage.fromPartial({ role, content: [{ part: { $case: 'text', text: raw } }], contentWasString: true });
  }
  if (!Array.isArray(raw)) throw invalidType(m.param('content'), 'a string or an array of content parts', raw);
  const content = raw.map((part, i) => parsePart(part, `${m.param('content')}[${i}]`, role));
  return ChatMessage.fromPartial({ role, content });
}

function parsePart(value: unknown, param: string, role: ChatRole): ContentPart {
  if (!isObject(value)) throw invalidType(param, 'an object', value);
  const part = new JsonReader(value, param);
  const type = part.requiredString('type');
  switch (type) {
    case 'input_text':
      part.rejectUnknown(new Set(['type', 'text']));
      return { part: { $case: 'text', text: part.requiredString('text') } };
    case 'output_text':
      if (role !== ChatRole.CHAT_ROLE_ASSISTANT)
        throw invalidValue(`${param}.type`, "'output_text' is only allowed in assistant messages.");
      // annotations and logprobs come back on output; they are accepted and dropped.
      part.rejectUnknown(new Set(['type', 'text', 'annotations', 'logprobs']));
      return { part: { $case: 'text', text: part.requiredString('text') } };
    case 'refusal':
      part.rejectUnknown(new Set(['type', 'refusal']));
      return { part: { $case: 'text', text: part.requiredString('refusal') } };
    case 'input_image': {
      if (role === ChatRole.CHAT_ROLE_ASSISTANT) throw invalidValue(`${param}.type`, "'input_image' is not allowed in assistant messages.");
      part.rejectUnknown(new Set(['type', 'image_url', 'file_id', 'detail']));
      if (part.has('file_id')) throw unsupported(part.param('file_id'), 'file ids (the Files API); send image_url');
      const url = part.requiredString('image_url');
      if (!/^(https?:\/\/|data:image\/[a-z0-9.+-]+;base64,)/i.test(url)) {
        throw invalidValue(part.param('image_url'), 'expected an http(s) URL or a base64 data: URI of an image.');
      }
      const detail = part.optionalString('detail') ?? '';
      if (detail && !['auto', 'low', 'high'].includes(detail)) {
        throw invalidValue(part.param('detail'), `'${detail}'. Supported values are: 'auto', 'low' and 'high'.`);
      }
      return { part: { $case: 'image', image: { url, detail } } };
    }
    case 'input_file':
    case 'input_audio':
      throw unsupported(param, `'${type}' content parts`);
    default:
      throw invalidValue(`${param}.type`, `'${type}'. Supported values are: 'input_text', 'input_image', 'output_text' and 'refusal'.`);
  }
}

function parseFunctionCall(item: JsonReader): ToolCall {
  item.rejectUnknown(new Set(['type', 'id', 'call_id', 'name', 'arguments', 'status']));
  return {
    id: fromSurfaceToolCallId('openai', item.requiredString('call_id')),
    name: item.requiredString('name'),
    argumentsJson: item.requiredString('arguments'),
  };
}

function parseFunctionCallOutput(item: JsonReader): ChatMessage {
  item.rejectUnknown(new Set(['type', 'id', 'call_id', 'output', 'status']));
  const callId = fromSurfaceToolCallId('openai', item.requiredString('call_id'));
  return ChatMessage.fromPartial({
    role: ChatRole.CHAT_ROLE_TOOL,
    toolCallId: callId,
    content: [{ part: { $case: 'text', text: item.requiredString('output') } }],
    contentWasString: true,
  });
}
