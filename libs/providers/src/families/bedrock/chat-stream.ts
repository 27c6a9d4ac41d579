import { ChatStreamEvent, ErrorClass, ErrorInfo } from '@switchyard/contracts';
import { JSON_ANSWER_TOOL } from '../../mapping/json-via-tool';
import type { StreamDecoder } from '../../provider-adapter';
import { EventStreamDecoder, EventStreamMessage, headerString } from '../../wire/aws-event-stream';
import { bedrockException, statusOfStreamException } from './errors';
import { bedrockFinishReason } from './finish-reason';
import type { ConverseStreamPayload } from './types';
import { bedrockUsage } from './usage';

/**
 * ConverseStream (application/vnd.amazon.eventstream frames) -> unified events:
 * messageStart, contentBlockStart (tool use), contentBlockDelta (text or tool
 * input), contentBlockStop, messageStop (stop reason), metadata (usage).
 * Exception frames become error events; a stream without metadata was cut.
 */
export class BedrockStreamDecoder implements StreamDecoder {
  private readonly frames = new EventStreamDecoder();
  private done = false;
  private readonly toolIndexByBlock = new Map<number, number>();
  /** The content block carrying the JSON answer (JSON mode): its input fragments are the content. */
  private jsonAnswerBlock: number | undefined;

  push(chunk: Uint8Array): ChatStreamEvent[] {
    if (this.done) return [];
    this.frames.append(chunk);
    const out: ChatStreamEvent[] = [];
    for (;;) {
      let message: EventStreamMessage | undefined;
      try {
        message = this.frames.next();
      } catch (error) {
        this.done = true;
        out.push(
          errorEvent(
            ErrorInfo.fromPartial({
              errorClass: ErrorClass.ERROR_CLASS_STREAM_INTERRUPTED,
              message: `The provider sent a corrupt event-stream frame (${error instanceof Error ? error.message : String(error)}).`,
            }),
          ),
        );
        return out;
      }
      if (!message) return out;
      out.push(...this.frame(message));
    }
  }

  end(): ChatStreamEvent[] {
    if (this.done) return [];
    this.done = true;
    return [
      errorEvent(
        ErrorInfo.fromPartial({
          errorClass: ErrorClass.ERROR_CLASS_STREAM_INTERRUPTED,
          message: 'The provider closed the stream before it finished.',
        }),
      ),
    ];
  }

  private frame(m: EventStreamMessage): ChatStreamEvent[] {
    if (this.done) return [];
    const messageType = headerString(m, ':message-type');
    let payload: ConverseStreamPayload;
    try {
      payload = JSON.parse(m.payload.toString('utf8')) as ConverseStreamPayload;
    } catch {
      payload = {};
    }
    if (messageType === 'exception') {
      this.done = true;
      const type = headerString(m, ':exception-type') ?? '';
      return [errorEvent(bedrockException(statusOfStreamException(type), type, payload.message ?? ''))];
    }
    if (messageType === 'error') {
      this.done = true;
      return [errorEvent(bedrockException(500, headerString(m, ':error-code') ?? '', headerString(m, ':error-message') ?? ''))];
    }
    switch (headerString(m, ':event-type')) {
      case 'messageStart':
        return [ChatStreamEvent.fromPartial({ event: { $case: 'delta', delta: { choiceIndex: 0, roleStart: true } } })];
      case 'contentBlockStart': {
        const use = payload.start?.toolUse;
        if (!use) return [];
        if (use.name === JSON_ANSWER_TOOL) {
          this.jsonAnswerBlock = payload.contentBlockIndex ?? 0;
          return [];
        }
        const index = this.toolIndexByBlock.size;
        this.toolIndexByBlock.set(payload.contentBlockIndex ?? 0, index);
        return [toolDelta(index, use.toolUseId ?? '', use.name ?? '', '')];
      }
      case 'contentBlockDelta': {
        const d = payload.delta;
        if (d?.text) return [ChatStreamEvent.fromPartial({ event: { $case: 'delta', delta: { choiceIndex: 0, content: d.text } } })];
        if (d?.toolUse?.input && (payload.contentBlockIndex ?? 0) === this.jsonAnswerBlock) {
          return [ChatStreamEvent.fromPartial({ event: { $case: 'delta', delta: { choiceIndex: 0, content: d.toolUse.input } } })];
        }
        const index = this.toolIndexByBlock.get(payload.contentBlockIndex ?? 0);
        if (d?.toolUse?.input && index !== undefined) return [toolDelta(index, '', '', d.toolUse.input)];
        return [];
      }
      case 'messageStop':
        return [
          ChatStreamEvent.fromPartial({
            event: {
              $case: 'finish',
              finish: { choiceIndex: 0, finishReason: bedrockFinishReason(payload.stopReason, this.jsonAnswerBlock !== undefined) },
            },
          }),
        ];
      case 'metadata':
        this.done = true;
        return payload.usage ? [ChatStreamEvent.fromPartial({ event: { $case: 'usage', usage: bedrockUsage(payload.usage) } })] : [];
      default:
        return [];
    }
  }
}

function toolDelta(index: number, id: string, name: string, argumentsFragment: string): ChatStreamEvent {
  return ChatStreamEvent.fromPartial({
    event: { $case: 'delta', delta: { choiceIndex: 0, toolCalls: [{ index, id, name, argumentsFragment }] } },
  });
}

function errorEvent(error: ErrorInfo): ChatStreamEvent {
  return ChatStreamEvent.fromPartial({ event: { $case: 'error', error } });
}
