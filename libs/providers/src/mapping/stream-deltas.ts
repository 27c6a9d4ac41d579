import { ChatStreamEvent } from '@switchyard/contracts';

/** A text delta of the one choice. */
export function contentDelta(content: string): ChatStreamEvent {
  return ChatStreamEvent.fromPartial({ event: { $case: 'delta', delta: { choiceIndex: 0, content } } });
}

/** A tool call that arrives whole in one chunk (Gemini, Ollama), as the one fragment of its index. */
export function wholeToolCallDelta(index: number, call: { id: string; name: string; argumentsJson: string }): ChatStreamEvent {
  return ChatStreamEvent.fromPartial({
    event: {
      $case: 'delta',
      delta: { choiceIndex: 0, toolCalls: [{ index, id: call.id, name: call.name, argumentsFragment: call.argumentsJson }] },
    },
  });
}
