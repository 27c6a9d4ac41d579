import { ApiError } from '@switchyard/api-errors';
import { ErrorClass } from '@switchyard/contracts';
import type { RoutedStreamOf } from '@switchyard/contracts';
import type { RequestOutcome } from '@switchyard/requests';
import type { ServingDeps } from '../ports';
import type { StreamTransport } from '../surfaces';
import { routedFailure } from './routed-failure';
import { routingHeaders } from './routing-headers';

/** What one kind of stream does with its chunks on one surface. */
export interface ChunkWriter<Chunk, Frame> {
  /** Writes what the chunk becomes; false when it ended the stream in-band (an error event). */
  chunk(chunk: Chunk, write: (frames: readonly Frame[]) => Promise<void>): Promise<boolean>;
  /** The frames after the last chunk. */
  end(): readonly Frame[] | Promise<readonly Frame[]>;
  /** The frames of a break after the stream opened, where the surface has them. */
  error(error: ApiError): readonly Frame[];
}

/**
 * Relays a routed stream chunk by chunk with backpressure from the client to
 * the upstream read, and cancels upstream when the client goes away. A
 * failure before the first chunk is thrown (the surface answers it as a
 * plain error); after, it ends the stream in-band.
 */
export async function relayRoutedStream<Chunk, Frame>(
  deps: ServingDeps,
  events: AsyncIterable<RoutedStreamOf<Chunk>>,
  outcome: RequestOutcome,
  transport: StreamTransport<Frame>,
  writer: ChunkWriter<Chunk, Frame>,
): Promise<void> {
  let opened = false;
  const write = async (frames: readonly Frame[]): Promise<void> => {
    for (const frame of frames) outcome.responseBytes += await transport.write(frame);
  };
  try {
    for await (const event of events) {
      const e = event.event;
      if (!e) continue;
      if (e.$case === 'failed') {
        outcome.trace = e.failed.trace ?? outcome.trace;
        throw routedFailure(outcome, e.failed.error, routingHeaders(e.failed.trace));
      }
      if (e.$case === 'started') {
        outcome.trace = e.started.trace ?? outcome.trace;
        transport.open(outcome.trace);
        opened = true;
        continue;
      }
      if (!(await writer.chunk(e.chunk, write))) break;
    }
    if (!opened) throw ApiError.internal();
    if (outcome.errorClass === ErrorClass.ERROR_CLASS_UNSPECIFIED) await write(await writer.end());
    transport.close();
  } catch (error) {
    if (transport.signal.aborted) {
      outcome.fail(499, ErrorClass.ERROR_CLASS_STREAM_INTERRUPTED, 'The client closed the connection.');
      transport.drop();
      return;
    }
    if (!opened) throw error;
    deps.log.error({ err: error, requestId: outcome.context.requestId }, 'stream failed after it started');
    const broken = new ApiError(502, 'api_error', 'stream_interrupted', 'The stream broke.');
    outcome.fail(502, ErrorClass.ERROR_CLASS_STREAM_INTERRUPTED, broken.message);
    transport.broke(broken, writer.error(broken));
  } finally {
    transport.release();
  }
}
