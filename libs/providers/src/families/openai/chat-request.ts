import { ChatMessage, ChatRequest, ChatRole, ContentPart, ResponseFormatType, ToolChoiceMode } from '@switchyard/contracts';

const ROLE_NAMES: Partial<Record<ChatRole, string>> = {
  [ChatRole.CHAT_ROLE_SYSTEM]: 'system',
  [ChatRole.CHAT_ROLE_DEVELOPER]: 'developer',
  [ChatRole.CHAT_ROLE_USER]: 'user',
  [ChatRole.CHAT_ROLE_ASSISTANT]: 'assistant',
  [ChatRole.CHAT_ROLE_TOOL]: 'tool',
};

export interface OpenAiBodyOptions {
  /** OpenAI itself wants max_completion_tokens; most compatible servers only know max_tokens. */
  maxTokensField: 'max_completion_tokens' | 'max_tokens';
  /** Servers that don't know the developer role get it as system. */
  developerRole: boolean;
  /** Send text-only content as a plain string (many compatible servers reject part arrays for text models). */
  flattenText?: boolean;
}

/** The unified request as an OpenAI chat completions body. */
export function openAiChatBody(
  upstreamModel: string,
  request: ChatRequest,
  stream: boolean,
  options: OpenAiBodyOptions,
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model: upstreamModel,
    messages: request.messages.map((m) => message(m, options)),
  };
  if (request.temperature !== undefined) body['temperature'] = request.temperature;
  if (request.topP !== undefined) body['top_p'] = request.topP;
  if (request.maxTokens !== undefined) body[options.maxTokensField] = request.maxTokens;
  if (request.stop.length > 0) body['stop'] = request.stop;
  if (request.presencePenalty !== undefined) body['presence_penalty'] = request.presencePenalty;
  if (request.frequencyPenalty !== undefined) body['frequency_penalty'] = request.frequencyPenalty;
  if (request.seed !== undefined) body['seed'] = request.seed;
  if (request.reasoningEffort) body['reasoning_effort'] = request.reasoningEffort;
  if (request.tools.length > 0) {
    body['tools'] = request.tools.map((t) => ({
      type: 'function',
      function: {
        name: t.name,
        ...(t.description ? { description: t.description } : {}),
        ...(t.parametersJson ? { parameters: JSON.parse(t.parametersJson) as unknown } : {}),
        ...(t.strict !== undefined ? { strict: t.strict } : {}),
      },
    }));
    if (request.parallelToolCalls !== undefined) body['parallel_tool_calls'] = request.parallelToolCalls;
  }
  const choice = toolChoice(request);
  if (choice !== undefined) body['tool_choice'] = choice;
  const format = responseFormat(request);
  if (format) body['response_format'] = format;
  if (stream) {
    body['stream'] = true;
    // Always ask for usage: billing must not depend on what the caller asked for.
    body['stream_options'] = { include_usage: true };
  }
  return body;
}

function message(m: ChatMessage, options: OpenAiBodyOptions): Record<string, unknown> {
  let role = ROLE_NAMES[m.role] ?? 'user';
  if (role === 'developer' && !options.developerRole) role = 'system';
  const out: Record<string, unknown> = { role };
  if (m.name) out['name'] = m.name;
  if (m.role === ChatRole.CHAT_ROLE_TOOL) out['tool_call_id'] = m.toolCallId;
  if (m.toolCalls.length > 0) {
    out['tool_calls'] = m.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.argumentsJson } }));
  }
  out['content'] = content(m, options.flattenText ?? false);
  return out;
}

function content(m: ChatMessage, flattenText: boolean): string | null | Record<string, unknown>[] {
  if (m.content.length === 0) return m.toolCalls.length > 0 ? null : '';
  const onlyText = m.content.every((p) => p.part?.$case === 'text');
  if (onlyText && (flattenText || m.contentWasString || m.role !== ChatRole.CHAT_ROLE_USER)) {
    return m.content.map((p) => (p.part?.$case === 'text' ? p.part.text : '')).join('');
  }
  return m.content.map(part);
}

function part(p: ContentPart): Record<string, unknown> {
  switch (p.part?.$case) {
    case 'image':
      return { type: 'image_url', image_url: { url: p.part.image.url, ...(p.part.image.detail ? { detail: p.part.image.detail } : {}) } };
    case 'audio':
      return { type: 'input_audio', input_audio: { data: p.part.audio.dataBase64, format: p.part.audio.format } };
    case 'text':
      return { type: 'text', text: p.part.text };
    default:
      return { type: 'text', text: '' };
  }
}

function toolChoice(request: ChatRequest): unknown {
  switch (request.toolChoice?.mode) {
    case ToolChoiceMode.TOOL_CHOICE_MODE_AUTO:
      return 'auto';
    case ToolChoiceMode.TOOL_CHOICE_MODE_NONE:
      return 'none';
    case ToolChoiceMode.TOOL_CHOICE_MODE_REQUIRED:
      return 'required';
    case ToolChoiceMode.TOOL_CHOICE_MODE_FUNCTION:
      return { type: 'function', function: { name: request.toolChoice.functionName } };
    default:
      return undefined;
  }
}

function responseFormat(request: ChatRequest): Record<string, unknown> | undefined {
  const f = request.responseFormat;
  switch (f?.type) {
    case ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_OBJECT:
      return { type: 'json_object' };
    case ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA:
      return {
        type: 'json_schema',
        json_schema: {
          name: f.schemaName,
          ...(f.schemaJson ? { schema: JSON.parse(f.schemaJson) as unknown } : {}),
          ...(f.strict !== undefined ? { strict: f.strict } : {}),
        },
      };
    case ResponseFormatType.RESPONSE_FORMAT_TYPE_TEXT:
      return { type: 'text' };
    default:
      return undefined;
  }
}
