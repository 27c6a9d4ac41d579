import { RouterCall, RouterReply } from '@switchyard/contracts';
import type { Log } from '@switchyard/platform';
import { SessionServer } from '@switchyard/platform';
import type { ModelCatalog, RouteExecutor } from '@switchyard/routing';
import { withDefaultDeadline } from './default-deadline';

/** Ingress's calls multiplexed over long-lived streams; the same executor as the unary methods. */
export function routerSession(
  executor: RouteExecutor,
  catalog: ModelCatalog,
  defaultTimeoutMs: number,
  log: Log,
): SessionServer<RouterCall, RouterReply> {
  return new SessionServer<RouterCall, RouterReply>(
    {
      isCancel: (call) => call.call?.$case === 'cancel',
      failed: (id, message, retryable) => ({ id, reply: { $case: 'failed', failed: { message, retryable } } }),
      async serve(call, send, signal) {
        const c = call.call;
        switch (c?.$case) {
          case 'chat':
            send({ id: call.id, reply: { $case: 'chat', chat: await executor.chat(withDefaultDeadline(c.chat, defaultTimeoutMs)) } });
            return;
          case 'embed':
            send({ id: call.id, reply: { $case: 'embed', embed: await executor.embed(withDefaultDeadline(c.embed, defaultTimeoutMs)) } });
            return;
          case 'listModels':
            send({
              id: call.id,
              reply: { $case: 'listModels', listModels: { models: c.listModels.context ? catalog.listModels(c.listModels.context) : [] } },
            });
            return;
          case 'chatStream':
            for await (const event of executor.chatStream(withDefaultDeadline(c.chatStream, defaultTimeoutMs), signal)) {
              if (signal.aborted) return;
              send({ id: call.id, reply: { $case: 'streamEvent', streamEvent: event } });
            }
            send({ id: call.id, reply: { $case: 'streamEnd', streamEnd: {} } });
            return;
          default:
            send({ id: call.id, reply: { $case: 'failed', failed: { message: 'unknown call', retryable: false } } });
        }
      },
    },
    log,
  );
}
