import {
  ChatMessage,
  ChatRequest,
  ChatRole,
  ResponseFormat,
  ResponseFormatType,
  ToolChoice,
  ToolChoiceMode,
  ToolDefinition,
} from '@switchyard/contracts';
import { ApiError } from '@switchyard/api-errors';
import { invalidValue, JsonReader } from '../validation/json-walker';
import { CHAT_PARAMETER_RANGES as RANGES } from '../chat/chat-parameters';
import { unsupported } from '../chat/parse-chat-messages';
import { functionTool, parseMetadata, toolChoiceMode } from '../chat/parse-chat-request';
import { parseResponsesInput } from './parse-responses-input';
import type { InputItem } from './input-items';
import { conversationOf } from './stored-response';
import type { StoredResponse } from './stored-response';

// Every parameter OpenAI documents for POST /v1/responses; anything else is refused by name.
const KNOWN_FIELDS = new Set([
  'model',
  'input',
  'instructions',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'text',
  'max_output_tokens',
  'temperature',
  'top_p',
  'metadata',
  'user',
  'safety_identifier',
  'reasoning',
  'stream',
  'stream_options',
  'store',
  'previous_response_id',
  'background',
  'include',
  'truncation',
  'service_tier',
  'prompt_cache_key',
  'max_tool_calls',
  'top_logprobs',
  'conversation',
  'prompt',
]);

// Tools OpenAI runs on its own side; Switchyard has nothing to run them with.
const BUILT_IN_TOOLS = new Set([
  'web_search',
  'web_search_preview',
  'file_search',
  'computer_use_preview',
  'computer_use',
  'code_interpreter',
  'image_generation',
  'local_shell',
  'shell',
  'mcp',
  'apply_patch',
  'custom',
]);

/** A parsed Responses body: the unified request plus what only the Responses object echoes back. */
export interface ResponsesRequest {
  readonly request: ChatRequest;
  readonly instructions: string | null;
  /** Whether the response is kept (`store`, true unless the caller says false, as at OpenAI). */
  readonly store: boolean;
  readonly previousResponseId: string | null;
  /** The earlier turns (from previous_response_id) as stored: already under the tenant's PII policy. */
  readonly history: readonly InputItem[];
  /** Where this request's own input starts in request.messages (after the instructions and the history). */
  readonly inputOffset: number;
}

/** A Responses request without any of the body around it (a fallback for renderers). */
export function bareResponsesRequest(request: ChatRequest): ResponsesRequest {
  return { request, instructions: null, store: false, previousResponseId: null, history: [], inputOffset: 0 };
}

/** The previous_response_id a body names, read before parsing so that its conversation can be loaded. */
export function previousResponseIdOf(body: unknown): string | null {
  const r = JsonReader.root(body);
  const id = r.optionalString('previous_response_id') ?? null;
  if (id !== null && id.trim() === '') throw invalidValue('previous_response_id', 'must not be empty.');
  return id;
}

/**
 * Validates an OpenAI Responses body and maps it onto the unified ChatRequest;
 * `previous` is the stored response previous_response_id names (loaded by the caller).
 */
export function parseResponsesRequest(body: unknown, previous?: StoredResponse): ResponsesRequest {
  const r = JsonReader.root(body);
  r.rejectUnknown(KNOWN_FIELDS);
  const model = r.requiredString('model');
  if (model.trim() === '') throw invalidValue('model', 'must not be empty.');
  rejectUnsupported(r);
  const stream = r.optionalBoolean('stream') ?? false;
  const streamOptions = r.optionalObject('stream_options');
  if (streamOptions && !stream) {
    throw ApiError.invalidRequest(
      "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
      'stream_options',
      'invalid_value',
    );
  }
  streamOptions?.rejectUnknown(new Set(['include_obfuscation']));
  const instructions = r.optionalString('instructions') ?? null;
  // Instructions are not carried over from the previous response (as at OpenAI): only its items are.
  const history = previous ? conversationOf(previous) : [];
  const earlier = history.length > 0 ? parseResponsesInput(JsonReader.root({ input: history })) : [];
  const messages = [...earlier, ...parseResponsesInput(r)];
  if (instructions) {
    messages.unshift(
      ChatMessage.fromPartial({ role: ChatRole.CHAT_ROLE_SYSTEM, content: [{ part: { $case: 'text', text: instructions } }] }),
    );
  }
  const reasoning = r.optionalObject('reasoning');
  reasoning?.rejectUnknown(new Set(['effort', 'summary', 'generate_summary']));
  const effort = reasoning?.optionalString('effort') ?? '';
  if (effort && !['minimal', 'low', 'medium', 'high', 'none'].includes(effort)) {
    throw invalidValue('reasoning.effort', `'${effort}'. Supported values are: 'none', 'minimal', 'low', 'medium' and 'high'.`);
  }
  const request = ChatRequest.fromPartial({
    model,
    messages,
    temperature: r.optionalNumber('temperature', ...RANGES.temperature),
    topP: r.optionalNumber('top_p', ...RANGES.top_p),
    maxTokens: r.optionalInteger('max_output_tokens', 16, RANGES.max_tokens[1]),
    tools: parseTools(r),
    toolChoice: parseToolChoice(r),
    responseFormat: parseTextFormat(r),
    stream,
    // Responses streams always end with the usage (response.completed carries it).
    includeUsage: stream,
    endUser: r.optionalString('safety_identifier') ?? r.optionalString('user') ?? '',
    parallelToolCalls: r.optionalBoolean('parallel_tool_calls'),
    reasoningEffort: effort,
    metadata: parseMetadata(r),
  });
  return {
    request,
    instructions,
    store: r.optionalBoolean('store') ?? true,
    previousResponseId: previous?.response.id ?? null,
    history,
    inputOffset: (instructions ? 1 : 0) + earlier.length,
  };
}

function rejectUnsupported(r: JsonReader): void {
  if (r.optionalBoolean('background')) throw unsupported('background', 'background responses yet');
  if (r.has('conversation')) throw unsupported('conversation', 'the Conversations API');
  if (r.has('prompt')) throw unsupported('prompt', 'stored prompt templates');
  if (r.has('top_logprobs')) throw unsupported('top_logprobs', 'logprobs');
  const truncation = r.optionalString('truncation');
  if (truncation && !['disabled', 'auto'].includes(truncation)) {
    throw invalidValue('truncation', `'${truncation}'. Supported values are: 'auto' and 'disabled'.`);
  }
  r.optionalArray('include');
  r.optionalString('service_tier');
  r.optionalString('prompt_cache_key');
  r.optionalInteger('max_tool_calls', 1, Number.MAX_SAFE_INTEGER);
}

function parseTools(r: JsonReader): ToolDefinition[] {
  const list = r.optionalArray('tools');
  if (!list) return [];
  return list.map((_, i) => {
    const tool = r.element(list, i, 'tools');
    const type = tool.requiredString('type');
    if (BUILT_IN_TOOLS.has(type)) {
      throw unsupported(tool.param('type'), `the built-in '${type}' tool (it runs at OpenAI); only 'function' tools are supported`);
    }
    if (type !== 'function') throw invalidValue(tool.param('type'), `'${type}'. Supported values are: 'function'.`);
    tool.rejectUnknown(new Set(['type', 'name', 'description', 'parameters', 'strict']));
    return functionTool(tool);
  });
}

function parseToolChoice(r: JsonReader): ToolChoice | undefined {
  const raw = r.raw('tool_choice');
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'string') return toolChoiceMode(raw);
  const choice = r.requiredObject('tool_choice');
  const type = choice.requiredString('type');
  if (BUILT_IN_TOOLS.has(type)) throw unsupported('tool_choice.type', `the built-in '${type}' tool`);
  if (type !== 'function') throw invalidValue('tool_choice.type', "expected 'function'.");
  choice.rejectUnknown(new Set(['type', 'name']));
  return { mode: ToolChoiceMode.TOOL_CHOICE_MODE_FUNCTION, functionName: choice.requiredString('name') };
}

function parseTextFormat(r: JsonReader): ResponseFormat | undefined {
  const text = r.optionalObject('text');
  if (!text) return undefined;
  text.rejectUnknown(new Set(['format', 'verbosity']));
  text.optionalString('verbosity');
  const format = text.optionalObject('format');
  if (!format) return undefined;
  const type = format.requiredString('type');
  switch (type) {
    case 'text':
      format.rejectUnknown(new Set(['type']));
      return ResponseFormat.fromPartial({ type: ResponseFormatType.RESPONSE_FORMAT_TYPE_TEXT });
    case 'json_object':
      format.rejectUnknown(new Set(['type']));
      return ResponseFormat.fromPartial({ type: ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_OBJECT });
    case 'json_schema':
      format.rejectUnknown(new Set(['type', 'name', 'description', 'schema', 'strict']));
      format.requiredObject('schema');
      return ResponseFormat.fromPartial({
        type: ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA,
        schemaName: format.requiredString('name'),
        schemaJson: JSON.stringify(format.raw('schema')),
        strict: format.optionalBoolean('strict'),
      });
    default:
      throw invalidValue('text.format.type', `'${type}'. Supported values are: 'text', 'json_object' and 'json_schema'.`);
  }
}
