import { ChatResponse, FinishReason, ResponseFormatType, ToolChoiceMode, Usage } from '@switchyard/contracts';
import type { ChatRequest } from '@switchyard/contracts';
import type { ResponsesRequest } from './parse-responses-request';
import { toSurfaceToolCallId } from '../tool-call-ids/tool-call-id-codec';

export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

export interface OutputText {
  type: 'output_text';
  text: string;
  annotations: [];
  logprobs: [];
}

export interface MessageItem {
  id: string;
  type: 'message';
  status: 'in_progress' | 'completed' | 'incomplete';
  role: 'assistant';
  content: OutputText[];
}

export interface FunctionCallItem {
  id: string;
  type: 'function_call';
  status: 'in_progress' | 'completed' | 'incomplete';
  call_id: string;
  name: string;
  arguments: string;
}

export type OutputItem = MessageItem | FunctionCallItem;

export type ResponseStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

/** OpenAI's Response object, field for field, so that the SDK's `output_text` and types work. */
export interface OpenAiResponse {
  id: string;
  object: 'response';
  created_at: number;
  status: ResponseStatus;
  background: false;
  error: { code: string; message: string } | null;
  incomplete_details: { reason: 'max_output_tokens' | 'content_filter' } | null;
  instructions: string | null;
  max_output_tokens: number | null;
  max_tool_calls: null;
  model: string;
  output: OutputItem[];
  parallel_tool_calls: boolean;
  previous_response_id: string | null;
  reasoning: { effort: string | null; summary: null };
  safety_identifier: string | null;
  service_tier: 'default';
  store: boolean;
  temperature: number;
  text: { format: Record<string, unknown> };
  tool_choice: string | { type: 'function'; name: string };
  tools: Record<string, unknown>[];
  top_logprobs: 0;
  top_p: number;
  truncation: 'disabled';
  usage: ResponsesUsage | null;
  user: null;
  metadata: Record<string, string>;
}

export function responseId(requestId: string): string {
  return `resp_${requestId.replace(/^req_/, '')}`;
}

export function messageItemId(responseId: string): string {
  return `msg_${responseId.replace(/^resp_/, '')}`;
}

export function functionCallItemId(responseId: string, index: number): string {
  return `fc_${responseId.replace(/^resp_/, '')}_${index}`;
}

export function renderResponsesUsage(usage: Usage | undefined): ResponsesUsage {
  const input = usage?.inputTokens ?? 0;
  const output = usage?.outputTokens ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: usage?.cachedInputTokens ?? 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: usage?.reasoningTokens ?? 0 },
    total_tokens: input + output,
  };
}

/** The Response object before any output: what response.created carries, and the base of the final one. */
export function renderResponseShell(parsed: ResponsesRequest, id: string, createdAt: number, model: string): OpenAiResponse {
  const request = parsed.request;
  return {
    id,
    object: 'response',
    created_at: createdAt,
    status: 'in_progress',
    background: false,
    error: null,
    incomplete_details: null,
    instructions: parsed.instructions,
    max_output_tokens: request.maxTokens ?? null,
    max_tool_calls: null,
    model,
    output: [],
    parallel_tool_calls: request.parallelToolCalls ?? true,
    previous_response_id: parsed.previousResponseId,
    reasoning: { effort: request.reasoningEffort || null, summary: null },
    safety_identifier: request.endUser || null,
    service_tier: 'default',
    store: parsed.store,
    temperature: request.temperature ?? 1,
    text: { format: renderTextFormat(request) },
    tool_choice: renderToolChoice(request),
    tools: request.tools.map((t) => ({
      type: 'function',
      name: t.name,
      description: t.description || null,
      parameters: t.parametersJson ? (JSON.parse(t.parametersJson) as unknown) : null,
      strict: t.strict ?? true,
    })),
    top_logprobs: 0,
    top_p: request.topP ?? 1,
    truncation: 'disabled',
    usage: null,
    user: null,
    metadata: request.metadata,
  };
}

/** The final status and why it is incomplete, from the unified finish reason. */
export function renderCompletion(reason: FinishReason): Pick<OpenAiResponse, 'status' | 'incomplete_details'> {
  if (reason === FinishReason.FINISH_REASON_LENGTH) return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
  if (reason === FinishReason.FINISH_REASON_CONTENT_FILTER)
    return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
  return { status: 'completed', incomplete_details: null };
}

/** The non-streaming answer: one message item (when there is text) then one function_call item per tool call. */
export function renderResponse(parsed: ResponsesRequest, response: ChatResponse, id: string): OpenAiResponse {
  const choice = response.choices[0];
  const completion = renderCompletion(choice?.finishReason ?? FinishReason.FINISH_REASON_STOP);
  const itemStatus = completion.status === 'completed' ? 'completed' : 'incomplete';
  const output: OutputItem[] = [];
  const text = choice ? choice.content || choice.refusal : '';
  if (text) {
    output.push({
      id: messageItemId(id),
      type: 'message',
      status: itemStatus,
      role: 'assistant',
      content: [{ type: 'output_text', text, annotations: [], logprobs: [] }],
    });
  }
  (choice?.toolCalls ?? []).forEach((call, i) => {
    output.push({
      id: functionCallItemId(id, i),
      type: 'function_call',
      status: 'completed',
      call_id: toSurfaceToolCallId('openai', call.id),
      name: call.name,
      arguments: call.argumentsJson,
    });
  });
  return {
    ...renderResponseShell(parsed, id, response.createdUnix || Math.floor(Date.now() / 1000), response.model || parsed.request.model),
    ...completion,
    output,
    usage: renderResponsesUsage(response.usage),
  };
}

function renderTextFormat(request: ChatRequest): Record<string, unknown> {
  const format = request.responseFormat;
  if (!format) return { type: 'text' };
  switch (format.type) {
    case ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_OBJECT:
      return { type: 'json_object' };
    case ResponseFormatType.RESPONSE_FORMAT_TYPE_JSON_SCHEMA:
      return {
        type: 'json_schema',
        name: format.schemaName,
        schema: format.schemaJson ? (JSON.parse(format.schemaJson) as unknown) : {},
        strict: format.strict ?? false,
      };
    default:
      return { type: 'text' };
  }
}

function renderToolChoice(request: ChatRequest): OpenAiResponse['tool_choice'] {
  switch (request.toolChoice?.mode) {
    case ToolChoiceMode.TOOL_CHOICE_MODE_NONE:
      return 'none';
    case ToolChoiceMode.TOOL_CHOICE_MODE_REQUIRED:
      return 'required';
    case ToolChoiceMode.TOOL_CHOICE_MODE_FUNCTION:
      return { type: 'function', name: request.toolChoice.functionName };
    default:
      return 'auto';
  }
}
