import { AudioStreamEvent, ErrorClass, ErrorInfo } from '@switchyard/contracts';
import type { AudioStreamDecoder } from '../provider-adapter';
import { SseMessage, SseParser } from './sse-parser';

/** Audio bytes as the provider sends them (a plain chunked response): each chunk is passed on as it is. */
export class RawAudioDecoder implements AudioStreamDecoder {
  push(chunk: Uint8Array): AudioStreamEvent[] {
    return chunk.length > 0 ? [{ event: { $case: 'audio', audio: Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length) } }] : [];
  }

  end(): AudioStreamEvent[] {
    return [];
  }
}

/** An SSE audio stream (speech deltas, transcript deltas): a stream that ends before the provider's own end is interrupted. */
export abstract class SseAudioDecoder implements AudioStreamDecoder {
  private readonly sse = new SseParser();
  protected done = false;

  push(chunk: Uint8Array): AudioStreamEvent[] {
    return this.sse.push(chunk).flatMap((m) => (this.done ? [] : this.message(m)));
  }

  end(): AudioStreamEvent[] {
    const out = this.sse.end().flatMap((m) => (this.done ? [] : this.message(m)));
    if (!this.done) {
      this.done = true;
      out.push({
        event: {
          $case: 'error',
          error: ErrorInfo.fromPartial({
            errorClass: ErrorClass.ERROR_CLASS_STREAM_INTERRUPTED,
            message: 'The provider closed the stream before it finished.',
          }),
        },
      });
    }
    return out;
  }

  protected abstract message(m: SseMessage): AudioStreamEvent[];
}

/** The JSON of one SSE message, or undefined when it is not JSON. */
export function sseJson<T>(m: SseMessage): T | undefined {
  try {
    return JSON.parse(m.data) as T;
  } catch {
    return undefined;
  }
}
