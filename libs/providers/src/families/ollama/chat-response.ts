import { ChatResponse, ToolCall } from '@switchyard/contracts';
import { randomBytes } from 'node:crypto';
import { malformedResponse } from '../../mapping/malformed-response';
import { singleChoiceResponse } from '../../mapping/single-choice-response';
import type { Mapped, UpstreamHeaders } from '../../provider-adapter';
import { parseJson } from '../../wire/headers';
import { ollamaError } from './errors';
import { ollamaFinishReason } from './finish-reason';
import type { OllamaWireChat, OllamaWireToolCall } from './types';
import { ollamaUsage } from './usage';

export function ollamaChatResponse(status: number, headers: UpstreamHeaders, body: Buffer): Mapped<ChatResponse> {
  if (status < 200 || status >= 300) return { ok: false, error: ollamaError(status, headers, body) };
  const wire = parseJson(body) as OllamaWireChat | undefined;
  if (!wire || typeof wire.message !== 'object') {
    return {
      ok: false,
      error: malformedResponse(status, 'a chat response'),
    };
  }
  const toolCalls = ollamaToolCalls(wire.message.tool_calls);
  const content = wire.message.content ?? '';
  return {
    ok: true,
    value: singleChoiceResponse({
      id: '',
      createdUnix: wire.created_at ? Math.floor(Date.parse(wire.created_at) / 1000) || undefined : undefined,
      model: wire.model ?? '',
      texts: content.length > 0 ? [content] : [],
      toolCalls,
      finishReason: ollamaFinishReason(wire.done_reason, toolCalls.length > 0),
      usage: ollamaUsage(wire),
    }),
  };
}

/** Ollama's tool calls have object arguments and no ids; callers answering them need ids. */
export function ollamaToolCalls(calls: OllamaWireToolCall[] | undefined): ToolCall[] {
  return (calls ?? []).map((c) => ({
    id: `call_${randomBytes(12).toString('hex')}`,
    name: c.function?.name ?? '',
    argumentsJson: typeof c.function?.arguments === 'string' ? c.function.arguments : JSON.stringify(c.function?.arguments ?? {}),
  }));
}
