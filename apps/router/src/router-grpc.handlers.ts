import { ServerWritableStream, status } from '@grpc/grpc-js';
import type { RoutedChatRequest, RoutedChatStreamEvent, RouterServer } from '@switchyard/contracts';
import type { Log } from '@switchyard/platform';
import type { ModelCatalog, RouteExecutor } from '@switchyard/routing';
import { once } from 'node:events';
import { withDefaultDeadline } from './default-deadline';

export function routerGrpcHandlers(
  executor: RouteExecutor,
  catalog: ModelCatalog,
  defaultTimeoutMs: number,
  log: Log,
  session: RouterServer['session'],
): RouterServer {
  const fail = (requestId: string | undefined, error: unknown) => {
    log.error({ err: error, requestId }, 'routing failed');
    return { code: status.INTERNAL, details: 'the router failed to route the request' };
  };
  return {
    session,
    chat: (call, callback) => {
      executor.chat(withDefaultDeadline(call.request, defaultTimeoutMs)).then(
        (response) => callback(null, response),
        (error: unknown) => callback(fail(call.request.context?.requestId, error)),
      );
    },
    chatStream: (call) => {
      void relay(executor, withDefaultDeadline(call.request, defaultTimeoutMs), call, log);
    },
    embed: (call, callback) => {
      executor.embed(withDefaultDeadline(call.request, defaultTimeoutMs)).then(
        (response) => callback(null, response),
        (error: unknown) => callback(fail(call.request.context?.requestId, error)),
      );
    },
    listModels: (call, callback) => {
      callback(null, { models: call.request.context ? catalog.listModels(call.request.context) : [] });
    },
  };
}

async function relay(
  executor: RouteExecutor,
  request: RoutedChatRequest,
  call: ServerWritableStream<RoutedChatRequest, RoutedChatStreamEvent>,
  log: Log,
): Promise<void> {
  const abort = new AbortController();
  call.on('cancelled', () => abort.abort(new Error('caller cancelled')));
  try {
    for await (const event of executor.chatStream(request, abort.signal)) {
      if (abort.signal.aborted) break;
      if (!call.write(event)) await once(call, 'drain');
    }
    call.end();
  } catch (error) {
    log.error({ err: error, requestId: request.context?.requestId }, 'stream routing failed');
    call.destroy(error instanceof Error ? error : new Error(String(error)));
  }
}
