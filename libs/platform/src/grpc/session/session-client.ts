import type { ClientDuplexStream } from '@grpc/grpc-js';

export interface SessionEnvelope {
  id: number;
}

/** What one reply means for the call it answers. */
export type ReplyMeaning<V> =
  | { readonly kind: 'value'; readonly value: V }
  | { readonly kind: 'end' }
  | { readonly kind: 'failed'; readonly message: string; readonly retryable: boolean };

/** The peer could not serve the call; `retryable` when another session/replica may. */
export class SessionCallFailed extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'SessionCallFailed';
  }
}

type ReplyHandler<Reply> = (reply: Reply | Error) => void;

/** One open bidirectional stream and the calls waiting on it. */
class Session<Call extends SessionEnvelope, Reply extends SessionEnvelope> {
  readonly handlers = new Map<number, ReplyHandler<Reply>>();
  alive = true;

  constructor(readonly stream: ClientDuplexStream<Call, Reply>) {
    stream.on('data', (reply: Reply) => this.handlers.get(reply.id)?.(reply));
    const broken = (error: Error): void => {
      if (!this.alive) return;
      this.alive = false;
      for (const handler of this.handlers.values()) handler(error);
      this.handlers.clear();
    };
    stream.on('error', (error: Error) => broken(error));
    stream.on('end', () => broken(new SessionCallFailed('the session ended', true)));
    stream.on('close', () => broken(new SessionCallFailed('the session closed', true)));
  }

  send(call: Call): void {
    this.stream.write(call);
  }
}

/**
 * The client side of a multiplexed session: calls become messages on a few
 * long-lived bidirectional streams instead of one HTTP/2 stream each, which
 * costs about a third of the CPU per call. A broken stream fails its calls
 * (callers handle that like an unreachable peer) and the next call opens a
 * new one. Replies are routed to their call by id.
 */
export class SessionClient<Call extends SessionEnvelope, Reply extends SessionEnvelope> {
  private readonly sessions: (Session<Call, Reply> | undefined)[];
  private turn = 0;
  private nextId = 1;

  constructor(
    private readonly open: () => ClientDuplexStream<Call, Reply>,
    parallelSessions = 2,
  ) {
    this.sessions = new Array<Session<Call, Reply> | undefined>(parallelSessions).fill(undefined);
  }

  /** One request, one reply; retried once on a fresh session when the peer says another may serve it. */
  async unary<V>(build: (id: number) => Call, meaning: (reply: Reply) => ReplyMeaning<V>): Promise<V> {
    try {
      return await this.unaryOnce(build, meaning);
    } catch (error) {
      if (error instanceof SessionCallFailed && error.retryable) return this.unaryOnce(build, meaning);
      throw error;
    }
  }

  /** A streamed call: values until the end; aborting `signal` (or stopping early) cancels it at the peer. */
  async *stream<V>(
    build: (id: number) => Call,
    cancel: (id: number) => Call,
    meaning: (reply: Reply) => ReplyMeaning<V>,
    signal: AbortSignal,
  ): AsyncGenerator<V> {
    const session = this.session();
    const id = this.nextId++;
    const queue: V[] = [];
    let finished = false;
    let failure: Error | undefined;
    let wake: (() => void) | undefined;
    const settle = (): void => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    session.handlers.set(id, (reply) => {
      if (reply instanceof Error) failure = reply;
      else {
        const m = meaning(reply);
        if (m.kind === 'value') queue.push(m.value);
        else if (m.kind === 'end') finished = true;
        else failure = new SessionCallFailed(m.message, m.retryable);
      }
      if (finished || failure) session.handlers.delete(id);
      settle();
    });
    const onAbort = (): void => {
      failure ??= new SessionCallFailed('the caller cancelled the call', false);
      settle();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      session.send(build(id));
      for (;;) {
        while (queue.length > 0) yield queue.shift() as V;
        if (failure) throw failure;
        if (finished) return;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      // Still registered means the peer has not finished the call: tell it to stop.
      if (session.handlers.delete(id) && session.alive) session.send(cancel(id));
    }
  }

  close(): void {
    for (const session of this.sessions) session?.stream.cancel();
    this.sessions.fill(undefined);
  }

  private unaryOnce<V>(build: (id: number) => Call, meaning: (reply: Reply) => ReplyMeaning<V>): Promise<V> {
    const session = this.session();
    const id = this.nextId++;
    return new Promise<V>((resolve, reject) => {
      session.handlers.set(id, (reply) => {
        session.handlers.delete(id);
        if (reply instanceof Error) return reject(reply);
        const m = meaning(reply);
        if (m.kind === 'value') resolve(m.value);
        else
          reject(
            new SessionCallFailed(m.kind === 'failed' ? m.message : 'the call ended without an answer', m.kind === 'failed' && m.retryable),
          );
      });
      session.send(build(id));
    });
  }

  private session(): Session<Call, Reply> {
    const slot = this.turn;
    this.turn = (this.turn + 1) % this.sessions.length;
    let session = this.sessions[slot];
    if (!session?.alive) {
      session = new Session(this.open());
      this.sessions[slot] = session;
    }
    return session;
  }
}

interface SessionReplyShape {
  readonly $case: string;
}

/**
 * Reads one reply of a session: `expected` is the payload when the reply is
 * the case the call waits for; a `failed` reply and the end of a stream are
 * the same for every session service.
 */
export function replyMeaning<V>(reply: SessionReplyShape | undefined, expected: V | undefined): ReplyMeaning<V> {
  if (!reply) return { kind: 'failed', message: 'empty reply', retryable: false };
  if (reply.$case === 'failed') {
    const failed = (reply as SessionReplyShape & { failed?: { message: string; retryable: boolean } }).failed;
    return { kind: 'failed', message: failed?.message ?? 'failed', retryable: failed?.retryable ?? false };
  }
  if (reply.$case === 'streamEnd') return { kind: 'end' };
  return expected === undefined
    ? { kind: 'failed', message: `unexpected reply ${reply.$case}`, retryable: false }
    : { kind: 'value', value: expected };
}
