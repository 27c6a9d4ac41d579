import type { ServerDuplexStream } from '@grpc/grpc-js';
import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { createLogger } from '../../logging/logger';
import { relaySession, replyStream } from './session-relay';

interface Call {
  id: number;
  op: 'echo' | 'count' | 'cancel' | 'other' | 'malformed';
}
interface Reply {
  id: number;
  value?: string;
  end?: boolean;
  failed?: string;
}

const quiet = createLogger({ service: 't', instance: 't', level: 'fatal', destination: new Writable({ write: (_c, _e, done) => done() }) });

/** A server duplex stream that records what the relay writes. */
function fakeStream(): { stream: ServerDuplexStream<Call, Reply>; written: Reply[]; emitter: EventEmitter } {
  const emitter = new EventEmitter();
  const written: Reply[] = [];
  Object.assign(emitter, { write: (r: Reply) => written.push(r), end: () => undefined });
  return { stream: emitter as unknown as ServerDuplexStream<Call, Reply>, written, emitter };
}

async function* count(n: number, signal: AbortSignal): AsyncGenerator<number> {
  for (let i = 0; i < n; i++) {
    await new Promise((r) => setTimeout(r, 2));
    if (signal.aborted) return;
    yield i;
  }
}

const relay = relaySession<Call, Reply>(
  {
    isCancel: (c) => c.op === 'cancel',
    unary: (c) => {
      if (c.op === 'malformed') throw new Error("Call is missing its required field 'request'");
      return c.op === 'echo' ? Promise.resolve({ id: c.id, value: 'echo' }) : undefined;
    },
    stream: (c, signal) => (c.op === 'count' ? replyStream(count(3, signal), (n) => ({ id: c.id, value: String(n) })) : undefined),
    end: (id) => ({ id, end: true }),
    failed: (id, failed) => ({ id, failed }),
  },
  quiet,
);

const settle = () => new Promise((r) => setTimeout(r, 30));

describe('relaySession', () => {
  it('answers a one-answer call once, relays a stream then its end, refuses unknown and malformed calls', async () => {
    const { stream, written, emitter } = fakeStream();
    relay.handle(stream);
    emitter.emit('data', { id: 1, op: 'echo' });
    emitter.emit('data', { id: 2, op: 'count' });
    emitter.emit('data', { id: 3, op: 'other' });
    emitter.emit('data', { id: 4, op: 'malformed' });
    // Waits for the stream's end rather than a fixed time: a loaded machine may take longer than 30 ms.
    while (!written.some((r) => r.id === 2 && r.end)) await settle();
    expect(written.filter((r) => r.id === 1)).toEqual([{ id: 1, value: 'echo' }]);
    expect(written.filter((r) => r.id === 2)).toEqual([
      { id: 2, value: '0' },
      { id: 2, value: '1' },
      { id: 2, value: '2' },
      { id: 2, end: true },
    ]);
    expect(written.filter((r) => r.id === 3)).toEqual([{ id: 3, failed: 'unknown call' }]);
    expect(written.filter((r) => r.id === 4)).toEqual([{ id: 4, failed: "Call is missing its required field 'request'" }]);
  });

  it('stops relaying a cancelled stream', async () => {
    const { stream, written, emitter } = fakeStream();
    relay.handle(stream);
    emitter.emit('data', { id: 7, op: 'count' });
    emitter.emit('data', { id: 7, op: 'cancel' });
    await settle();
    expect(written.filter((r) => r.id === 7 && r.value !== undefined)).toEqual([]);
  });
});
