import type { ChatRequest, ChatStreamEvent } from '@switchyard/contracts';
import type { RequestOutcome } from '@switchyard/requests';
import { errorInfoToApiError } from '@switchyard/openai-api';
import type { PiiGuard } from '@switchyard/pii';
import type { ServingDeps } from '../ports';
import type { StreamRenderer, StreamTransport } from '../surfaces';
import { relayRoutedStream } from './stream-relay';

/** The first token is the first chunk that says something: text or a tool call (a role-only delta is not). */
export function isFirstToken(event: ChatStreamEvent): boolean {
  const inner = event.event;
  return inner?.$case === 'delta' && (inner.delta.content !== '' || inner.delta.toolCalls.length > 0);
}

/** Relays a routed chat stream (stream-relay.ts), with the tenant's PII policy on the way back. */
export function relayChatStream<Frame>(
  deps: ServingDeps,
  request: ChatRequest,
  outcome: RequestOutcome,
  pii: PiiGuard,
  renderer: StreamRenderer<Frame>,
  transport: StreamTransport<Frame>,
): Promise<void> {
  return relayRoutedStream(deps, deps.router.chatStream({ context: outcome.context, request }, transport.signal), outcome, transport, {
    async chunk(routed, write) {
      for (const chunk of pii.streamEvent(routed)) {
        const inner = chunk.event;
        if (inner?.$case === 'usage') outcome.usage = inner.usage;
        if (isFirstToken(chunk)) outcome.markFirstToken();
        // The public model on every chunk, as on an unstreamed answer (docs/routing.md, "Which model a response names").
        if (outcome.trace?.publicModel) chunk.model = outcome.trace.publicModel;
        if (inner?.$case === 'error') {
          const error = errorInfoToApiError(inner.error);
          outcome.fail(error.status, inner.error.errorClass, error.message);
          await write(renderer.error(error, chunk));
          return false;
        }
        await write(renderer.chunk(chunk));
      }
      return true;
    },
    end: () => renderer.end(),
    error: (broken) => renderer.error(broken),
  });
}
