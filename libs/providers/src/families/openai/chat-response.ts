import { ChatChoice, ChatResponse } from '@switchyard/contracts';
import { malformedResponse } from '../../mapping/malformed-response';
import type { Mapped, UpstreamHeaders } from '../../provider-adapter';
import { parseJson } from '../../wire/headers';
import { openAiError } from './errors';
import { openAiFinishReason } from './finish-reason';
import type { OpenAiWireCompletion } from './types';
import { openAiUsage } from './usage';

export function openAiChatResponse(status: number, headers: UpstreamHeaders, body: Buffer): Mapped<ChatResponse> {
  if (status < 200 || status >= 300) return { ok: false, error: openAiError(status, headers, body) };
  const wire = parseJson(body) as OpenAiWireCompletion | undefined;
  if (!wire || !Array.isArray(wire.choices)) {
    return {
      ok: false,
      error: malformedResponse(status, 'a chat completion'),
    };
  }
  return {
    ok: true,
    value: ChatResponse.fromPartial({
      id: wire.id ?? '',
      createdUnix: wire.created ?? Math.floor(Date.now() / 1000),
      model: wire.model ?? '',
      systemFingerprint: wire.system_fingerprint ?? '',
      choices: wire.choices.map((c, i) =>
        ChatChoice.fromPartial({
          index: c.index ?? i,
          content: c.message?.content ?? '',
          hasContent: typeof c.message?.content === 'string',
          refusal: c.message?.refusal ?? '',
          toolCalls: (c.message?.tool_calls ?? []).map((t) => ({
            id: t.id ?? '',
            name: t.function?.name ?? '',
            argumentsJson: t.function?.arguments ?? '',
          })),
          finishReason: openAiFinishReason(c.finish_reason),
        }),
      ),
      usage: wire.usage ? openAiUsage(wire.usage) : undefined,
    }),
  };
}
