import { ApiError } from '@switchyard/api-errors';
import { ErrorClass } from '@switchyard/contracts';
import type { ChatRequest, ChatStreamEvent } from '@switchyard/contracts';
import type { RequestOutcome } from '@switchyard/requests';
import { errorInfoToApiError } from '@switchyard/openai-api';
import type { PiiGuard } from '@switchyard/pii';
import type { ServingDeps } from '../ports';
import type { StreamRenderer, StreamTransport } from '../surfaces';
import { routedFailure } from './routed-failure';
import { routingHeaders } from './routing-headers';

/** The first token is the first chunk that says something: text or a tool call (a role-only delta is not). */
export function isFirstToken(event: ChatStreamEvent): boolean {
  const inner = event.event;
  return inner?.$case === 'delta' && (inner.delta.content !== '' || inner.delta.toolCalls.length > 0);
}

/**
 * Relays a routed stream chunk by chunk: the tenant's PII policy on the way
 * back, backpressure from the client to the upstream read, cancel upstream
 * when the client goes away. A failure before the first chunk is thrown (the
 * surface answers it as a plain error); after, it ends the stream in-band.
 */
export async function relayChatStream<Frame>(
  deps: ServingDeps,
  request: ChatRequest,
  outcome: RequestOutcome,
  pii: PiiGuard,
  renderer: StreamRenderer<Frame>,
  transport: StreamTransport<Frame>,
): Promise<void> {
  let opened = false;
  const write = async (frames: readonly Frame[]): Promise<void> => {
    for (const frame of frames) outcome.responseBytes += await transport.write(frame);
  };
  try {
    relay: for await (const event of deps.router.chatStream({ context: outcome.context, request }, transport.signal)) {
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
      for (const chunk of pii.streamEvent(e.chunk)) {
        const inner = chunk.event;
        if (inner?.$case === 'usage') outcome.usage = inner.usage;
        if (isFirstToken(chunk)) outcome.markFirstToken();
        // The public model on every chunk, as on an unstreamed answer (docs/routing.md, "Which model a response names").
        if (outcome.trace?.publicModel) chunk.model = outcome.trace.publicModel;
        if (inner?.$case === 'error') {
          const error = errorInfoToApiError(inner.error);
          outcome.fail(error.status, inner.error.errorClass, error.message);
          await write(renderer.error(error, chunk));
          break relay;
        }
        await write(renderer.chunk(chunk));
      }
    }
    if (!opened) throw ApiError.internal();
    if (outcome.errorClass === ErrorClass.ERROR_CLASS_UNSPECIFIED) await write(await renderer.end());
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
    transport.broke(broken, renderer.error(broken));
  } finally {
    transport.release();
  }
}
