import { ServerWritableStream, status } from '@grpc/grpc-js';
import type { InvokeRequest, InvokeStreamEvent, ProviderAdaptersServer } from '@switchyard/contracts';
import type { Log } from '@switchyard/platform';
import type { AttemptExecutor } from '@switchyard/providers';
import { once } from 'node:events';

/** gRPC face of the invoker: one call = one upstream attempt. */
export function adaptersGrpcHandlers(
  invoker: AttemptExecutor,
  log: Log,
  session: ProviderAdaptersServer['session'],
): ProviderAdaptersServer {
  return {
    session,
    invoke: (call, callback) => {
      invoker.invoke(call.request).then(
        (response) => callback(null, response),
        (error: unknown) => {
          log.error({ err: error, requestId: call.request.context?.requestId }, 'invoke failed');
          callback({ code: status.INTERNAL, details: 'provider-adapters failed to execute the attempt' });
        },
      );
    },
    invokeStream: (call) => {
      void relayStream(invoker, call, log);
    },
    embed: (call, callback) => {
      invoker.embed(call.request).then(
        (response) => callback(null, response),
        (error: unknown) => {
          log.error({ err: error, requestId: call.request.context?.requestId }, 'embed failed');
          callback({ code: status.INTERNAL, details: 'provider-adapters failed to execute the attempt' });
        },
      );
    },
  };
}

async function relayStream(
  invoker: AttemptExecutor,
  call: ServerWritableStream<InvokeRequest, InvokeStreamEvent>,
  log: Log,
): Promise<void> {
  const abort = new AbortController();
  call.on('cancelled', () => abort.abort(new Error('caller cancelled')));
  try {
    for await (const event of invoker.invokeStream(call.request, abort.signal)) {
      if (abort.signal.aborted) break;
      // Respect HTTP/2 flow control: a slow reader slows the upstream read, nothing piles up here.
      if (!call.write(event)) await once(call, 'drain');
    }
    call.end();
  } catch (error) {
    log.error({ err: error, requestId: call.request.context?.requestId }, 'stream relay failed');
    call.destroy(error instanceof Error ? error : new Error(String(error)));
  }
}
