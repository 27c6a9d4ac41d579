import { ChatChoice, ChatResponse, ErrorClass, ErrorInfo } from '@switchyard/contracts';
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
      error: ErrorInfo.fromPartial({
        errorClass: ErrorClass.ERROR_CLASS_UPSTREAM_5XX,
        message: 'The provider sent a response that is not a message.',
        upstreamStatus: status,
      }),
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
    value: ChatResponse.fromPartial({
      id: wire.id ?? '',
      createdUnix: Math.floor(Date.now() / 1000),
      model: wire.model ?? '',
      choices: [
        ChatChoice.fromPartial({
          index: 0,
          content: texts.join(''),
          hasContent: texts.length > 0 || toolCalls.length === 0,
          toolCalls,
          finishReason: anthropicFinishReason(wire.stop_reason, jsonAnswer !== undefined),
        }),
      ],
      usage: wire.usage ? anthropicUsage(wire.usage) : undefined,
    }),
  };
}
