import { ChatStreamEvent, ErrorClass, ErrorInfo } from '@switchyard/contracts';
import type { StreamDecoder } from '../provider-adapter';
import { SseMessage, SseParser } from './sse-parser';

/**
 * What every Server-Sent-Events provider stream shares: frames are parsed as
 * they arrive, nothing is decoded after the provider said it was done, and a
 * stream that ends before that is reported as interrupted.
 */
export abstract class SseStreamDecoder implements StreamDecoder {
  private readonly sse = new SseParser();
  /** Set by the family once the provider's own end (or an in-stream error) has been seen. */
  protected done = false;

  push(chunk: Uint8Array): ChatStreamEvent[] {
    return this.sse.push(chunk).flatMap((m) => (this.done ? [] : this.message(m)));
  }

  end(): ChatStreamEvent[] {
    const out = this.sse.end().flatMap((m) => (this.done ? [] : this.message(m)));
    if (!this.done) {
      this.done = true;
      out.push(
        streamErrorEvent(
          ErrorInfo.fromPartial({
            errorClass: ErrorClass.ERROR_CLASS_STREAM_INTERRUPTED,
            message: 'The provider closed the stream before it finished.',
          }),
        ),
      );
    }
    return out;
  }

  /** One SSE message of the provider's stream as unified events. */
  protected abstract message(m: SseMessage): ChatStreamEvent[];
}

export function streamErrorEvent(error: ErrorInfo): ChatStreamEvent {
  return ChatStreamEvent.fromPartial({ event: { $case: 'error', error } });
}
