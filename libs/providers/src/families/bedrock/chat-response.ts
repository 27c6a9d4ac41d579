import { ChatResponse } from '@switchyard/contracts';
import { malformedResponse } from '../../mapping/malformed-response';
import { singleChoiceResponse } from '../../mapping/single-choice-response';
import type { Mapped, UpstreamHeaders } from '../../provider-adapter';
import { JSON_ANSWER_TOOL } from '../../mapping/json-via-tool';
import { header, parseJson } from '../../wire/headers';
import { bedrockError } from './errors';
import { bedrockFinishReason } from './finish-reason';
import type { ConverseWireResponse } from './types';
import { bedrockUsage } from './usage';

export function bedrockChatResponse(status: number, headers: UpstreamHeaders, body: Buffer): Mapped<ChatResponse> {
  if (status < 200 || status >= 300) return { ok: false, error: bedrockError(status, headers, body) };
  const wire = parseJson(body) as ConverseWireResponse | undefined;
  const content = wire?.output?.message?.content;
  if (!wire || !Array.isArray(content)) {
    return {
      ok: false,
      error: malformedResponse(status, 'a Converse output'),
    };
  }
  const jsonAnswer = content.find((b) => b.toolUse?.name === JSON_ANSWER_TOOL)?.toolUse;
  // JSON mode: the forced tool's input is the answer (any preamble text is not).
  const texts = jsonAnswer
    ? [JSON.stringify(jsonAnswer.input ?? {})]
    : content.filter((b) => typeof b.text === 'string').map((b) => b.text ?? '');
  const toolCalls = content
    .filter((b) => b.toolUse && b.toolUse.name !== JSON_ANSWER_TOOL)
    .map((b) => ({ id: b.toolUse?.toolUseId ?? '', name: b.toolUse?.name ?? '', argumentsJson: JSON.stringify(b.toolUse?.input ?? {}) }));
  return {
    ok: true,
    value: singleChoiceResponse({
      id: header(headers, 'x-amzn-requestid') ?? '',
      model: '',
      texts,
      toolCalls,
      finishReason: bedrockFinishReason(wire.stopReason, jsonAnswer !== undefined),
      usage: wire.usage ? bedrockUsage(wire.usage) : undefined,
    }),
  };
}
