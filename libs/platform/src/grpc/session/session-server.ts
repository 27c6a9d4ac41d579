import type { ServerDuplexStream } from '@grpc/grpc-js';
import type { Log } from '../../logging/logger';
import type { SessionEnvelope } from './session-client';

export interface SessionService<Call extends SessionEnvelope, Reply extends SessionEnvelope> {
  /** True for a message that cancels an earlier call. */
  isCancel(call: Call): boolean;
  /** Serves one call, sending its reply (or stream of replies); resolves when it is done. */
  serve(call: Call, send: (reply: Reply) => void, signal: AbortSignal): Promise<void>;
  failed(id: number, message: string, retryable: boolean): Reply;
}

/**
 * The server side of multiplexed sessions: each message is served on its own
 * (calls run concurrently), replies carry the call's id, a cancel message
 * aborts the call. On drain, new calls are refused as retryable and each
 * session ends once its calls have finished, so the gRPC server can shut down.
 */
export class SessionServer<Call extends SessionEnvelope, Reply extends SessionEnvelope> {
  private readonly live = new Set<{ inflight: Map<number, AbortController>; end: () => void }>();
  private draining = false;
  private drained: (() => void) | undefined;

  constructor(
    private readonly service: SessionService<Call, Reply>,
    private readonly log: Log,
  ) {}

  readonly handle = (stream: ServerDuplexStream<Call, Reply>): void => {
    let ended = false;
    const session = { inflight: new Map<number, AbortController>(), end: (): void => end() };
    this.live.add(session);
    const send = (reply: Reply): void => {
      if (!ended) stream.write(reply);
    };
    const end = (): void => {
      if (ended) return;
      ended = true;
      for (const abort of session.inflight.values()) abort.abort(new Error('session closed'));
      session.inflight.clear();
      this.live.delete(session);
      stream.end();
      if (this.draining && this.live.size === 0) this.drained?.();
    };
    stream.on('data', (call: Call) => {
      if (this.service.isCancel(call)) {
        session.inflight.get(call.id)?.abort(new Error('cancelled by the caller'));
        return;
      }
      if (this.draining) {
        send(this.service.failed(call.id, 'this replica is shutting down', true));
        if (session.inflight.size === 0) end();
        return;
      }
      const abort = new AbortController();
      session.inflight.set(call.id, abort);
      this.service
        .serve(call, send, abort.signal)
        .catch((error: unknown) => {
          this.log.error({ err: error, callId: call.id }, 'session call failed');
          send(this.service.failed(call.id, 'the call failed inside the service', false));
        })
        .finally(() => {
          session.inflight.delete(call.id);
          if (this.draining && session.inflight.size === 0) end();
        });
    });
    stream.on('end', end);
    stream.on('cancelled', end);
    stream.on('error', end);
  };

  /** Refuses new calls, lets the ones in flight finish, and ends every session (or gives up after the timeout). */
  async drain(timeoutMs: number): Promise<void> {
    this.draining = true;
    for (const session of [...this.live]) if (session.inflight.size === 0) session.end();
    if (this.live.size === 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.drained = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
