import { ChatResponse } from '@switchyard/contracts';
import { malformedResponse } from '../../mapping/malformed-response';
import { singleChoiceResponse } from '../../mapping/single-choice-response';
import type { Mapped, UpstreamHeaders } from '../../provider-adapter';
import { JSON_ANSWER_TOOL } from '../../mapping/json-via-tool';
import { parseJson } from '../../wire/headers';
import { anthropicError } from './errors';
import { anthropicFinishReason } from './finish-reason';
import type { AnthropicWireMessage } from './types';
import { anthropicUsage } from './usage';

/** A Messages response: text blocks become the content (or the JSON answer tool's input), tool_use blocks the tool calls; thinking is not output. */
export function anthropicChatResponse(status: number, headers: UpstreamHeaders, body: Buffer): Mapped<ChatResponse> {
  if (status < 200 || status >= 300) return { ok: false, error: anthropicError(status, headers, body) };
  const wire = parseJson(body) as AnthropicWireMessage | undefined;
  if (!wire || wire.type !== 'message' || !Array.isArray(wire.content)) {
    return {
      ok: false,
      error: malformedResponse(status, 'a message'),
    };
  }
  const jsonAnswer = wire.content.find((b) => b.type === 'tool_use' && b.name === JSON_ANSWER_TOOL);
  // JSON mode: the forced tool's input is the answer (any preamble text is not).
  const texts = jsonAnswer
    ? [JSON.stringify(jsonAnswer.input ?? {})]
    : wire.content.filter((b) => b.type === 'text').map((b) => b.text ?? '');
  const toolCalls = wire.content
    .filter((b) => b.type === 'tool_use' && b.name !== JSON_ANSWER_TOOL)
    .map((b) => ({ id: b.id ?? '', name: b.name ?? '', argumentsJson: JSON.stringify(b.input ?? {}) }));
  return {
    ok: true,
    value: singleChoiceResponse({
      id: wire.id ?? '',
      model: wire.model ?? '',
      texts,
      toolCalls,
      finishReason: anthropicFinishReason(wire.stop_reason, jsonAnswer !== undefined),
      usage: wire.usage ? anthropicUsage(wire.usage) : undefined,
    }),
  };
}
