import { ChatResponse, ErrorClass, ErrorInfo, ToolCall } from '@switchyard/contracts';
import { randomBytes } from 'node:crypto';
import { malformedResponse } from '../../mapping/malformed-response';
import { singleChoiceResponse } from '../../mapping/single-choice-response';
import type { Mapped, UpstreamHeaders } from '../../provider-adapter';
import { parseJson } from '../../wire/headers';
import { geminiBlocked, geminiError } from './errors';
import { geminiFinishReason } from './finish-reason';
import type { GeminiWirePart, GeminiWireResponse } from './types';
import { geminiUsage } from './usage';

export function geminiChatResponse(status: number, headers: UpstreamHeaders, body: Buffer): Mapped<ChatResponse> {
  if (status < 200 || status >= 300) return { ok: false, error: geminiError(status, headers, body) };
  const wire = parseJson(body) as GeminiWireResponse | undefined;
  if (!wire || typeof wire !== 'object') {
    return {
      ok: false,
      error: malformedResponse(status, 'a GenerateContentResponse'),
    };
  }
  const candidate = wire.candidates?.[0];
  if (!candidate) {
    const reason = wire.promptFeedback?.blockReason;
    return {
      ok: false,
      error: reason
        ? geminiBlocked(reason)
        : ErrorInfo.fromPartial({
            errorClass: ErrorClass.ERROR_CLASS_UPSTREAM_5XX,
            message: 'The provider returned no candidates.',
            upstreamStatus: status,
          }),
    };
  }
  const parts = candidate.content?.parts ?? [];
  const texts = answerTexts(parts);
  const toolCalls = functionCalls(parts);
  return {
    ok: true,
    value: singleChoiceResponse({
      id: wire.responseId ?? '',
      model: wire.modelVersion ?? '',
      texts,
      toolCalls,
      finishReason: geminiFinishReason(candidate.finishReason, toolCalls.length > 0),
      usage: wire.usageMetadata ? geminiUsage(wire.usageMetadata) : undefined,
    }),
  };
}

/** Text parts that are the answer (thought summaries are not). */
export function answerTexts(parts: readonly GeminiWirePart[]): string[] {
  return parts.filter((p) => typeof p.text === 'string' && !p.thought).map((p) => p.text ?? '');
}

/** Gemini function calls carry no id (or an optional one); OpenAI-style callers need one to answer with. */
export function functionCalls(parts: readonly GeminiWirePart[]): ToolCall[] {
  return parts
    .filter((p) => p.functionCall)
    .map((p) => ({
      id: p.functionCall?.id || newCallId(),
      name: p.functionCall?.name ?? '',
      argumentsJson: JSON.stringify(p.functionCall?.args ?? {}),
    }));
}

export function newCallId(): string {
  return `call_${randomBytes(12).toString('hex')}`;
}
