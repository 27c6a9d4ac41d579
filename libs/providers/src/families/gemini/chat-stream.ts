import { ChatStreamEvent, Usage } from '@switchyard/contracts';
import { NO_HTTP_STATUS } from '../../mapping/status-error-class';
import type { SseMessage } from '../../wire/sse-parser';
import { SseStreamDecoder, streamErrorEvent } from '../../wire/sse-stream-decoder';
import { answerTexts, functionCalls } from './chat-response';
import { geminiBlocked, geminiWireError } from './errors';
import { geminiFinishReason } from './finish-reason';
import type { GeminiWireResponse, GeminiWireUsage } from './types';
import { geminiUsage } from './usage';
import { contentDelta, wholeToolCallDelta } from '../../mapping/stream-deltas';

/**
 * streamGenerateContent?alt=sse: every event is a whole GenerateContentResponse
 * holding the next piece. Function calls arrive whole. The chunk with a
 * finishReason ends the answer and carries the final usageMetadata; earlier
 * chunks carry prompt-only usage, kept in case the stream is cut.
 */
export class GeminiStreamDecoder extends SseStreamDecoder {
  private first = true;
  private usage: GeminiWireUsage | undefined;
  private toolCalls = 0;

  usageSoFar(): Usage | undefined {
    return this.usage ? { ...geminiUsage(this.usage), estimated: true } : undefined;
  }

  protected message(m: SseMessage): ChatStreamEvent[] {
    let wire: GeminiWireResponse;
    try {
      wire = JSON.parse(m.data) as GeminiWireResponse;
    } catch {
      return [];
    }
    if (wire.error) {
      this.done = true;
      return [streamErrorEvent(geminiWireError(wire.error.code ?? NO_HTTP_STATUS, wire.error))];
    }
    if (wire.usageMetadata) this.usage = wire.usageMetadata;
    const candidate = wire.candidates?.[0];
    if (!candidate && wire.promptFeedback?.blockReason) {
      this.done = true;
      return [streamErrorEvent(geminiBlocked(wire.promptFeedback.blockReason))];
    }
    const out: ChatStreamEvent[] = [];
    if (this.first) {
      this.first = false;
      out.push(
        ChatStreamEvent.fromPartial({
          event: { $case: 'delta', delta: { choiceIndex: 0, roleStart: true } },
          upstreamId: wire.responseId ?? '',
          model: wire.modelVersion ?? '',
        }),
      );
    }
    const parts = candidate?.content?.parts ?? [];
    const text = answerTexts(parts).join('');
    if (text) out.push(contentDelta(text));
    for (const call of functionCalls(parts)) {
      out.push(wholeToolCallDelta(this.toolCalls++, call));
    }
    if (candidate?.finishReason) {
      this.done = true;
      out.push(
        ChatStreamEvent.fromPartial({
          event: {
            $case: 'finish',
            finish: { choiceIndex: 0, finishReason: geminiFinishReason(candidate.finishReason, this.toolCalls > 0) },
          },
        }),
      );
      if (this.usage) out.push(ChatStreamEvent.fromPartial({ event: { $case: 'usage', usage: geminiUsage(this.usage) } }));
    }
    return out;
  }
}
