import type { AudioStreamEvent, RoutedAudioStreamRequest } from '@switchyard/contracts';
import type { RequestOutcome } from '@switchyard/requests';
import { errorInfoToApiError } from '@switchyard/openai-api';
import type { ServingDeps } from '../ports';
import type { AudioStreamRenderer, StreamTransport } from '../surfaces';
import { relayRoutedStream } from './stream-relay';

/** Relays a routed audio stream (speech bytes, transcript text) as the surface renders it (stream-relay.ts). */
export function relayAudioStream<Frame>(
  deps: ServingDeps,
  request: RoutedAudioStreamRequest['request'],
  outcome: RequestOutcome,
  renderer: AudioStreamRenderer<Frame>,
  transport: StreamTransport<Frame>,
): Promise<void> {
  const events = deps.router.audioStream({ context: outcome.context, request }, transport.signal);
  return relayRoutedStream<AudioStreamEvent, Frame>(deps, events, outcome, transport, {
    async chunk(chunk, write) {
      const inner = chunk.event;
      if (inner?.$case === 'error') {
        const error = errorInfoToApiError(inner.error);
        outcome.fail(error.status, inner.error.errorClass, error.message);
        // Told in-band where the surface can (SSE); plain audio is cut, so the client cannot take it for complete.
        transport.broke(error, renderer.error(error));
        return false;
      }
      if (inner?.$case === 'usage') outcome.usage = inner.usage;
      else outcome.markFirstToken();
      await write(renderer.chunk(chunk));
      return true;
    },
    end: () => renderer.end(),
    error: (broken) => renderer.error(broken),
  });
}
