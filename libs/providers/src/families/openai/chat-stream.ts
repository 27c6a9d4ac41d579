import { ChatStreamEvent, ErrorClass, ErrorInfo, ToolCallDelta } from '@switchyard/contracts';
import type { StreamDecoder } from '../../provider-adapter';
import { SseMessage, SseParser } from '../../wire/sse-parser';
import { openAiWireError } from './errors';
import { openAiFinishReason } from './finish-reason';
import type { OpenAiWireCompletion } from './types';
import { openAiUsage } from './usage';

/** chat.completion.chunk SSE frames -> unified stream events. */
export class OpenAiStreamDecoder implements StreamDecoder {
  private readonly sse = new SseParser();
  private done = false;
  private first = true;
  private readonly rolesSent = new Set<number>();

  push(chunk: Uint8Array): ChatStreamEvent[] {
    return this.sse.push(chunk).flatMap((m) => this.message(m));
  }

  end(): ChatStreamEvent[] {
    const out = this.sse.end().flatMap((m) => this.message(m));
    if (!this.done) {
      out.push(
        ChatStreamEvent.fromPartial({
          event: {
            $case: 'error',
            error: ErrorInfo.fromPartial({ errorClass: ErrorClass.ERROR_CLASS_STREAM_INTERRUPTED, message: 'The provider closed the stream before it finished.' }),
          },
        }),
      );
      this.done = true;
    }
    return out;
  }

  private message(m: SseMessage): ChatStreamEvent[] {
    if (this.done) return [];
    if (m.data === '[DONE]') {
      this.done = true;
      return [];
    }
    let wire: OpenAiWireCompletion;
    try {
      wire = JSON.parse(m.data) as OpenAiWireCompletion;
    } catch {
      return [];
    }
    if (wire.error) {
      this.done = true;
      return [ChatStreamEvent.fromPartial({ event: { $case: 'error', error: openAiWireError(200, wire.error) } })];
    }
    const events: ChatStreamEvent[] = [];
    for (const choice of wire.choices ?? []) {
      const index = choice.index ?? 0;
      const delta = choice.delta ?? {};
      const roleStart = !this.rolesSent.has(index);
      this.rolesSent.add(index);
      const toolCalls = (delta.tool_calls ?? []).map((t) =>
        ToolCallDelta.fromPartial({ index: t.index ?? 0, id: t.id ?? '', name: t.function?.name ?? '', argumentsFragment: t.function?.arguments ?? '' }),
      );
      if (roleStart || delta.content || delta.refusal || toolCalls.length > 0) {
        events.push(
          ChatStreamEvent.fromPartial({
            event: { $case: 'delta', delta: { choiceIndex: index, roleStart, content: delta.content ?? '', refusal: delta.refusal ?? '', toolCalls } },
          }),
        );
      }
      if (choice.finish_reason) {
        events.push(ChatStreamEvent.fromPartial({ event: { $case: 'finish', finish: { choiceIndex: index, finishReason: openAiFinishReason(choice.finish_reason) } } }));
      }
    }
    if (wire.usage) events.push(ChatStreamEvent.fromPartial({ event: { $case: 'usage', usage: openAiUsage(wire.usage) } }));
    if (this.first && events.length > 0) {
      this.first = false;
      const head = events[0];
      if (head) {
        head.upstreamId = wire.id ?? '';
        head.model = wire.model ?? '';
      }
    }
    return events;
  }
}
