import { ChatStreamEvent, ToolCallDelta } from '@switchyard/contracts';
import { NO_HTTP_STATUS } from '../../mapping/status-error-class';
import type { SseMessage } from '../../wire/sse-parser';
import { SseStreamDecoder, streamErrorEvent } from '../../wire/sse-stream-decoder';
import { openAiWireError } from './errors';
import { openAiFinishReason } from './finish-reason';
import type { OpenAiWireCompletion } from './types';
import { openAiUsage } from './usage';

/** chat.completion.chunk SSE frames -> unified stream events. */
export class OpenAiStreamDecoder extends SseStreamDecoder {
  private first = true;
  private readonly rolesSent = new Set<number>();

  protected message(m: SseMessage): ChatStreamEvent[] {
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
      return [streamErrorEvent(openAiWireError(NO_HTTP_STATUS, wire.error))];
    }
    const events: ChatStreamEvent[] = [];
    for (const choice of wire.choices ?? []) {
      const index = choice.index ?? 0;
      const delta = choice.delta ?? {};
      const roleStart = !this.rolesSent.has(index);
      this.rolesSent.add(index);
      const toolCalls = (delta.tool_calls ?? []).map((t) =>
        ToolCallDelta.fromPartial({
          index: t.index ?? 0,
          id: t.id ?? '',
          name: t.function?.name ?? '',
          argumentsFragment: t.function?.arguments ?? '',
        }),
      );
      if (roleStart || delta.content || delta.refusal || toolCalls.length > 0) {
        events.push(
          ChatStreamEvent.fromPartial({
            event: {
              $case: 'delta',
              delta: { choiceIndex: index, roleStart, content: delta.content ?? '', refusal: delta.refusal ?? '', toolCalls },
            },
          }),
        );
      }
      if (choice.finish_reason) {
        events.push(
          ChatStreamEvent.fromPartial({
            event: { $case: 'finish', finish: { choiceIndex: index, finishReason: openAiFinishReason(choice.finish_reason) } },
          }),
        );
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
