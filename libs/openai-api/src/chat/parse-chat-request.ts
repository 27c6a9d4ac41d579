import { ChatRequest, ResponseFormat, ResponseFormatType, ToolChoice, ToolChoiceMode, ToolDefinition } from '@switchyard/contracts';
import { ApiError } from '@switchyard/api-errors';
import { invalidType, invalidValue, JsonReader } from '../validation/json-walker';
import { CHAT_PARAMETER_RANGES as RANGES } from './chat-parameters';
import { parseChatMessages, unsupported } from './parse-chat-messages';

// Every parameter OpenAI's chat completions API documents. Anything else is
// refused by name rather than silently dropped.
const KNOWN_FIELDS = new Set([
  'model',
  'messages',
  'temperature',
  'top_p',
  'max_tokens',
  'max_completion_tokens',
  'stop',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'response_format',
  'stream',
  'stream_options',
  'presence_penalty',
  'frequency_penalty',
  'seed',
  'user',
  'safety_identifier',
  'metadata',
  'n',
  'logprobs',
  'top_logprobs',
  'logit_bias',
  'reasoning_effort',
  'store',
  'service_tier',
  'modalities',
  'audio',
  'prediction',
  'prompt_cache_key',
  'verbosity',
  'web_search_options',
  'functions',
  'function_call',
]);

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** Validates an OpenAI chat completions body and maps it onto the unified ChatRequest. */
export function parseChatRequest(body: unknown): ChatRequest {
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
  streamOptions?.rejectUnknown(new Set(['include_usage', 'include_obfuscation']));

  const maxTokens =
    r.optionalInteger('max_completion_tokens', ...RANGES.max_tokens) ?? r.optionalInteger('max_tokens', ...RANGES.max_tokens);
  const reasoningEffort = r.optionalString('reasoning_effort') ?? '';
  if (reasoningEffort && !['minimal', 'low', 'medium', 'high', 'none'].includes(reasoningEffort)) {
    throw invalidValue('reasoning_effort', `'${reasoningEffort}'. Supported values are: 'none', 'minimal', 'low', 'medium' and 'high'.`);
  }
  return ChatRequest.fromPartial({
    model,
    messages: parseChatMessages(r),
    temperature: r.optionalNumber('temperature', ...RANGES.temperature),
    topP: r.optionalNumber('top_p', ...RANGES.top_p),
    maxTokens,
    stop: parseStop(r),
    tools: parseTools(r),
    toolChoice: parseToolChoice(r),
    responseFormat: parseResponseFormat(r),
    stream,
    includeUsage: streamOptions?.optionalBoolean('include_usage') ?? false,
    presencePenalty: r.optionalNumber('presence_penalty', ...RANGES.presence_penalty),
    frequencyPenalty: r.optionalNumber('frequency_penalty', ...RANGES.frequency_penalty),
    seed: r.optionalInteger('seed', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    endUser: r.optionalString('safety_identifier') ?? r.optionalString('user') ?? '',
    parallelToolCalls: r.optionalBoolean('parallel_tool_calls'),
    reasoningEffort,
    metadata: parseMetadata(r),
  });
}

function rejectUnsupported(r: JsonReader): void {
  const n = r.optionalInteger('n', 1, 128);
  if (n !== undefined && n !== 1) throw unsupported('n', 'more than one choice per request (n > 1)');
  if (r.optionalBoolean('logprobs')) throw unsupported('logprobs', 'logprobs');
  if (r.has('top_logprobs')) throw unsupported('top_logprobs', 'logprobs');
  if (r.has('logit_bias')) throw unsupported('logit_bias', 'logit_bias');
  if (r.has('audio')) throw unsupported('audio', 'audio output');
  if (r.has('prediction')) throw unsupported('prediction', 'predicted outputs');
  if (r.has('web_search_options')) throw unsupported('web_search_options', 'web search');
  if (r.has('functions') || r.has('function_call')) {
    throw unsupported(r.has('functions') ? 'functions' : 'function_call', "the deprecated 'functions' API; use 'tools'");
  }
  const modalities = r.optionalArray('modalities');
  if (modalities && modalities.some((m) => m !== 'text')) throw unsupported('modalities', 'output modalities other than text');
  r.optionalBoolean('store');
  r.optionalString('service_tier');
  r.optionalString('prompt_cache_key');
  r.optionalString('verbosity');
}

function parseStop(r: JsonReader): string[] {
  const raw = r.raw('stop');
  if (raw === undefined || raw === null) return [];
  if (typeof raw === 'string') return [raw];
  if (!Array.isArray(raw) || raw.some((s) => typeof s !== 'string')) throw invalidType('stop', 'a string or an array of strings', raw);
  if (raw.length > 4) throw invalidValue('stop', 'at most 4 stop sequences are allowed.');
  return raw as string[];
}

function parseTools(r: JsonReader): ToolDefinition[] {
  const list = r.optionalArray('tools');
  if (!list) return [];
  return list.map((_, i) => {
    const tool = r.element(list, i, 'tools');
    tool.rejectUnknown(new Set(['type', 'function']));
    const type = tool.requiredString('type');
    if (type !== 'function') throw unsupported(tool.param('type'), `'${type}' tools (only 'function' tools are supported)`);
    const fn = tool.requiredObject('function');
    fn.rejectUnknown(new Set(['name', 'description', 'parameters', 'strict']));
    return functionTool(fn);
  });
}

/** A function tool's name, description, parameters and strict flag (chat nests them under `function`, Responses does not). */
export function functionTool(fn: JsonReader): ToolDefinition {
  const name = fn.requiredString('name');
  if (!TOOL_NAME.test(name)) throw invalidValue(fn.param('name'), `'${name}' must match ^[a-zA-Z0-9_-]{1,64}$.`);
  const parameters = fn.optionalObject('parameters');
  return ToolDefinition.fromPartial({
    name,
    description: fn.optionalString('description') ?? '',
    parametersJson: parameters ? JSON.stringify(fn.raw('parameters')) : '',
    strict: fn.optionalBoolean('strict'),
  });
}

/** `tool_choice` given as a string: the same three modes on chat and Responses. */
export function toolChoiceMode(raw: string): ToolChoice {
  const modes: Record<string, ToolChoiceMode> = {
    auto: ToolChoiceMode.TOOL_CHOICE_MODE_AUTO,
    none: ToolChoiceMode.TOOL_CHOICE_MODE_NONE,
    required: ToolChoiceMode.TOOL_CHOICE_MODE_REQUIRED,
  };
  const mode = modes[raw];
  if (mode === undefined) throw invalidValue('tool_choice', `'${raw}'. Supported values are: 'none', 'auto' and 'required'.`);
  return { mode, functionName: '' };
}

function parseToolChoice(r: JsonReader): ToolChoice | undefined {
  const raw = r.raw('tool_choice');
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'string') return toolChoiceMode(raw);
  const choice = r.requiredObject('tool_choice');
  choice.rejectUnknown(new Set(['type', 'function']));
  if (choice.requiredString('type') !== 'function') throw invalidValue('tool_choice.type', "expected 'function'.");
  return { mode: ToolChoiceMode.TOOL_CHOICE_MODE_FUNCTION, functionName: choice.requiredObject('function').requiredString('name') };
}

function parseResponseFormat(r: JsonReader): ResponseFormat | undefined {
  const format = r.optionalObject('response_format');
  if (!format) return undefined;
  format.rejectUnknown(new Set(['type', 'json_schema']));
  const type = format.requiredString('type');
  switch (type) {
    case 'text':
      return ResponseFormat.fromPartial({ type: ResponseFormatType.RESPONSE_FORMAT_TYPE_TEXT });
    case 'json_object':
      return ResponseFormat.fromPartial({ type: ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_OBJECT });
    case 'json_schema': {
      const spec = format.requiredObject('json_schema');
      spec.rejectUnknown(new Set(['name', 'description', 'schema', 'strict']));
      spec.optionalObject('schema');
      return ResponseFormat.fromPartial({
        type: ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA,
        schemaName: spec.requiredString('name'),
        schemaJson: spec.has('schema') ? JSON.stringify(spec.raw('schema')) : '',
        strict: spec.optionalBoolean('strict'),
      });
    }
    default:
      throw invalidValue('response_format.type', `'${type}'. Supported values are: 'text', 'json_object' and 'json_schema'.`);
  }
}

export function parseMetadata(r: JsonReader): Record<string, string> {
  const metadata = r.optionalObject('metadata');
  if (!metadata) return {};
  const out: Record<string, string> = {};
  const keys = metadata.keys();
  if (keys.length > 16) throw invalidValue('metadata', 'at most 16 keys are allowed.');
  for (const key of keys) {
    const value = metadata.raw(key);
    if (typeof value !== 'string') throw invalidType(metadata.param(key), 'a string', value);
    out[key] = value;
  }
  return out;
}
