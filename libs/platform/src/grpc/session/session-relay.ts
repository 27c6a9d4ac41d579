import type { Log } from '../../logging/logger';
import type { SessionEnvelope } from './session-client';
import { SessionServer } from './session-server';

/** A streaming call's events, each sent as the reply it becomes (a service may stream more than one kind of event). */
export interface ReplyStream<Reply> {
  forEach(send: (reply: Reply) => void, signal: AbortSignal): Promise<void>;
}

/** The events of one stream kind, and how each becomes a reply. */
export function replyStream<Event, Reply>(events: AsyncIterable<Event>, reply: (event: Event) => Reply): ReplyStream<Reply> {
  return {
    async forEach(send, signal) {
      for await (const event of events) {
        if (signal.aborted) return;
        send(reply(event));
      }
    },
  };
}

/** What a service answers on its session: per call kind, one reply or a stream of events. */
export interface SessionRoutes<Call extends SessionEnvelope, Reply extends SessionEnvelope> {
  isCancel(call: Call): boolean;
  /** The reply of a one-answer call; undefined when the call is not one. */
  unary(call: Call): Promise<Reply> | undefined;
  /** The events of a streaming call; undefined when the call is not one. */
  stream(call: Call, signal: AbortSignal): ReplyStream<Reply> | undefined;
  end(id: number): Reply;
  failed(id: number, message: string, retryable: boolean): Reply;
}

/**
 * The relay every session server runs (router for ingress, provider-adapters
 * for the router): a one-answer call sends its reply; a stream sends each
 * event, stops when cancelled, then marks the end; anything else is refused.
 * A route that throws while reading a call (a missing field) refuses it with that message.
 */
export function relaySession<Call extends SessionEnvelope, Reply extends SessionEnvelope>(
  routes: SessionRoutes<Call, Reply>,
  log: Log,
): SessionServer<Call, Reply> {
  return new SessionServer<Call, Reply>(
    {
      isCancel: (call) => routes.isCancel(call),
      failed: (id, message, retryable) => routes.failed(id, message, retryable),
      async serve(call, send, signal) {
        let answer: Promise<Reply> | undefined;
        let events: ReplyStream<Reply> | undefined;
        try {
          answer = routes.unary(call);
          events = answer ? undefined : routes.stream(call, signal);
        } catch (error) {
          // A route refuses a malformed call while reading it, before any work: the caller learns why.
          send(routes.failed(call.id, error instanceof Error ? error.message : 'malformed call', false));
          return;
        }
        if (answer) {
          send(await answer);
          return;
        }
        if (!events) {
          send(routes.failed(call.id, 'unknown call', false));
          return;
        }
        await events.forEach(send, signal);
        if (signal.aborted) return;
        send(routes.end(call.id));
      },
    },
    log,
  );
}
