import { AdapterCall, AdapterReply } from '@switchyard/contracts';
import type { Log } from '@switchyard/platform';
import { SessionServer } from '@switchyard/platform';
import type { AttemptExecutor } from '@switchyard/providers';

/** The router's calls multiplexed over long-lived streams; the same invoker as the unary methods. */
export function adaptersSession(invoker: AttemptExecutor, log: Log): SessionServer<AdapterCall, AdapterReply> {
  return new SessionServer<AdapterCall, AdapterReply>(
    {
      isCancel: (call) => call.call?.$case === 'cancel',
      failed: (id, message, retryable) => ({ id, reply: { $case: 'failed', failed: { message, retryable } } }),
      async serve(call, send, signal) {
        const c = call.call;
        switch (c?.$case) {
          case 'invoke':
            send({ id: call.id, reply: { $case: 'invoke', invoke: await invoker.invoke(c.invoke) } });
            return;
          case 'embed':
            send({ id: call.id, reply: { $case: 'embed', embed: await invoker.embed(c.embed) } });
            return;
          case 'invokeStream':
            for await (const event of invoker.invokeStream(c.invokeStream, signal)) {
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
