import { ChatResponse, FinishReason } from '@switchyard/contracts';
import { toSurfaceToolCallId } from '@switchyard/openai-api';
import { AnthropicUsage, renderAnthropicUsage } from './render-usage';
import { AnthropicStopReason, renderStopReason } from './stop-reason';

export type AnthropicContentBlock = { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: unknown };

export interface AnthropicMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicContentBlock[];
  stop_reason: AnthropicStopReason;
  stop_sequence: null;
  usage: AnthropicUsage;
}

export function messageId(requestId: string): string {
  return `msg_${requestId.replace(/^req_/, '')}`;
}

/** The exact shape Anthropic returns for a non-streaming message. */
export function renderMessage(response: ChatResponse, id: string, fallbackModel: string): AnthropicMessage {
  const choice = response.choices[0];
  const content: AnthropicContentBlock[] = [];
  if (choice?.content) content.push({ type: 'text', text: choice.content });
  for (const call of choice?.toolCalls ?? [])
    content.push({
      type: 'tool_use',
      id: toSurfaceToolCallId('anthropic', call.id),
      name: call.name,
      input: toolInput(call.argumentsJson),
    });
  return {
    id,
    type: 'message',
    role: 'assistant',
    model: response.model || fallbackModel,
    content,
    stop_reason: renderStopReason(choice?.finishReason ?? FinishReason.FINISH_REASON_STOP),
    stop_sequence: null,
    usage: renderAnthropicUsage(response.usage),
  };
}

/** tool_use.input must be an object; arguments a model produced as invalid JSON are passed as {}. */
export function toolInput(argumentsJson: string): unknown {
  try {
    const value = JSON.parse(argumentsJson || '{}') as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}
