import { ChatStreamEvent, ErrorClass, ErrorInfo } from '@switchyard/contracts';
import { NO_HTTP_STATUS } from '../../mapping/status-error-class';
import type { StreamDecoder } from '../../provider-adapter';
import { NdjsonParser } from '../../wire/ndjson-parser';
import { ollamaToolCalls } from './chat-response';
import { ollamaWireError } from './errors';
import { ollamaFinishReason } from './finish-reason';
import type { OllamaWireChat } from './types';
import { ollamaUsage } from './usage';
import { contentDelta, wholeToolCallDelta } from '../../mapping/stream-deltas';

/** NDJSON lines: message deltas with done:false, then a done:true line with the reason and counts. */
export class OllamaStreamDecoder implements StreamDecoder {
  private readonly lines = new NdjsonParser();
  private done = false;
  private first = true;
  private toolCalls = 0;

  push(chunk: Uint8Array): ChatStreamEvent[] {
    return this.lines.push(chunk).flatMap((l) => this.line(l));
  }

  end(): ChatStreamEvent[] {
    const out = this.lines.end().flatMap((l) => this.line(l));
    if (!this.done) {
      this.done = true;
      out.push(
        errorEvent(
          ErrorInfo.fromPartial({
            errorClass: ErrorClass.ERROR_CLASS_STREAM_INTERRUPTED,
            message: 'The provider closed the stream before it finished.',
          }),
        ),
      );
    }
    return out;
  }

  private line(text: string): ChatStreamEvent[] {
    if (this.done) return [];
    let wire: OllamaWireChat;
    try {
      wire = JSON.parse(text) as OllamaWireChat;
    } catch {
      return [];
    }
    if (typeof wire.error === 'string') {
      this.done = true;
      return [errorEvent(ollamaWireError(NO_HTTP_STATUS, wire.error))];
    }
    const out: ChatStreamEvent[] = [];
    if (this.first) {
      this.first = false;
      out.push(
        ChatStreamEvent.fromPartial({ event: { $case: 'delta', delta: { choiceIndex: 0, roleStart: true } }, model: wire.model ?? '' }),
      );
    }
    const content = wire.message?.content ?? '';
    if (content) out.push(contentDelta(content));
    for (const call of ollamaToolCalls(wire.message?.tool_calls)) {
      out.push(wholeToolCallDelta(this.toolCalls++, call));
    }
    if (wire.done) {
      this.done = true;
      out.push(
        ChatStreamEvent.fromPartial({
          event: { $case: 'finish', finish: { choiceIndex: 0, finishReason: ollamaFinishReason(wire.done_reason, this.toolCalls > 0) } },
        }),
      );
      const usage = ollamaUsage(wire);
      if (usage) out.push(ChatStreamEvent.fromPartial({ event: { $case: 'usage', usage } }));
    }
    return out;
  }
}

function errorEvent(error: ErrorInfo): ChatStreamEvent {
  return ChatStreamEvent.fromPartial({ event: { $case: 'error', error } });
}
