import { ChatChoice, ChatResponse, ErrorClass, ErrorInfo } from '@switchyard/contracts';
import type { Mapped, UpstreamHeaders } from '../../provider-adapter';
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
    return { ok: false, error: ErrorInfo.fromPartial({ errorClass: ErrorClass.ERROR_CLASS_UPSTREAM_5XX, message: 'The provider sent a response that is not a Converse output.', upstreamStatus: status }) };
  }
  const texts = content.filter((b) => typeof b.text === 'string').map((b) => b.text ?? '');
  const toolCalls = content
    .filter((b) => b.toolUse)
    .map((b) => ({ id: b.toolUse?.toolUseId ?? '', name: b.toolUse?.name ?? '', argumentsJson: JSON.stringify(b.toolUse?.input ?? {}) }));
  return {
    ok: true,
    value: ChatResponse.fromPartial({
      id: header(headers, 'x-amzn-requestid') ?? '',
      createdUnix: Math.floor(Date.now() / 1000),
      model: '',
      choices: [
        ChatChoice.fromPartial({
          index: 0,
          content: texts.join(''),
          hasContent: texts.length > 0 || toolCalls.length === 0,
          toolCalls,
          finishReason: bedrockFinishReason(wire.stopReason),
        }),
      ],
      usage: wire.usage ? bedrockUsage(wire.usage) : undefined,
    }),
  };
}
