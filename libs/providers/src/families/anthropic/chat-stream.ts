import { ChatStreamEvent, Usage } from '@switchyard/contracts';
import { JSON_ANSWER_TOOL } from '../../mapping/json-via-tool';
import { NO_HTTP_STATUS } from '../../mapping/status-error-class';
import type { SseMessage } from '../../wire/sse-parser';
import { SseStreamDecoder, streamErrorEvent } from '../../wire/sse-stream-decoder';
import { anthropicWireError } from './errors';
import { anthropicFinishReason } from './finish-reason';
import type { AnthropicWireEvent, AnthropicWireUsage } from './types';
import { anthropicUsage, mergeAnthropicUsage } from './usage';

/**
 * Messages SSE (message_start, content_block_*, message_delta, message_stop,
 * ping, error) -> unified events. Usage is split across events: input and
 * cache counts in message_start, output in message_delta; one unified usage
 * event is emitted once both are known.
 */
export class AnthropicStreamDecoder extends SseStreamDecoder {
  private started = false;
  private usage: AnthropicWireUsage = {};
  /** content block index -> index among this message's tool calls */
  private readonly toolIndexByBlock = new Map<number, number>();
  /** The content block carrying the JSON answer (JSON mode): its input fragments are the content. */
  private jsonAnswerBlock: number | undefined;

  usageSoFar(): Usage | undefined {
    return this.started ? { ...anthropicUsage(this.usage), estimated: true } : undefined;
  }

  protected message(m: SseMessage): ChatStreamEvent[] {
    let e: AnthropicWireEvent;
    try {
      e = JSON.parse(m.data) as AnthropicWireEvent;
    } catch {
      return [];
    }
    switch (e.type ?? m.event) {
      case 'message_start':
        this.started = true;
        this.usage = mergeAnthropicUsage({}, e.message?.usage);
        return [
          ChatStreamEvent.fromPartial({
            event: { $case: 'delta', delta: { choiceIndex: 0, roleStart: true } },
            upstreamId: e.message?.id ?? '',
            model: e.message?.model ?? '',
          }),
        ];
      case 'content_block_start':
        return this.blockStart(e);
      case 'content_block_delta':
        return this.blockDelta(e);
      case 'message_delta': {
        this.usage = mergeAnthropicUsage(this.usage, e.usage);
        const out: ChatStreamEvent[] = [];
        if (e.delta?.stop_reason) {
          out.push(
            ChatStreamEvent.fromPartial({
              event: {
                $case: 'finish',
                finish: { choiceIndex: 0, finishReason: anthropicFinishReason(e.delta.stop_reason, this.jsonAnswerBlock !== undefined) },
              },
            }),
          );
        }
        out.push(ChatStreamEvent.fromPartial({ event: { $case: 'usage', usage: anthropicUsage(this.usage) } }));
        return out;
      }
      case 'message_stop':
        this.done = true;
        return [];
      case 'error':
        this.done = true;
        return [streamErrorEvent(anthropicWireError(NO_HTTP_STATUS, e.error ?? {}))];
      default:
        // ping, content_block_stop, and event types added later
        return [];
    }
  }

  private blockStart(e: AnthropicWireEvent): ChatStreamEvent[] {
    const block = e.content_block;
    if (block?.type === 'tool_use' && block.name === JSON_ANSWER_TOOL) {
      this.jsonAnswerBlock = e.index ?? 0;
      return [];
    }
    if (block?.type === 'tool_use') {
      const toolIndex = this.toolIndexByBlock.size;
      this.toolIndexByBlock.set(e.index ?? 0, toolIndex);
      return [delta({ toolCalls: [{ index: toolIndex, id: block.id ?? '', name: block.name ?? '', argumentsFragment: '' }] })];
    }
    if (block?.type === 'text' && block.text) return [delta({ content: block.text })];
    return [];
  }

  private blockDelta(e: AnthropicWireEvent): ChatStreamEvent[] {
    const d = e.delta;
    if (d?.type === 'text_delta' && d.text) return [delta({ content: d.text })];
    if (d?.type === 'input_json_delta' && d.partial_json && (e.index ?? 0) === this.jsonAnswerBlock)
      return [delta({ content: d.partial_json })];
    if (d?.type === 'input_json_delta' && d.partial_json) {
      const toolIndex = this.toolIndexByBlock.get(e.index ?? 0);
      if (toolIndex === undefined) return [];
      return [delta({ toolCalls: [{ index: toolIndex, id: '', name: '', argumentsFragment: d.partial_json }] })];
    }
    // thinking_delta / signature_delta are not part of the answer.
    return [];
  }
}

function delta(fields: {
  content?: string;
  toolCalls?: { index: number; id: string; name: string; argumentsFragment: string }[];
}): ChatStreamEvent {
  return ChatStreamEvent.fromPartial({
    event: { $case: 'delta', delta: { choiceIndex: 0, content: fields.content ?? '', toolCalls: fields.toolCalls ?? [] } },
  });
}
