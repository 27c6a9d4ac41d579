import { credentials, makeGenericClientConstructor, Server, ServerCredentials, ServiceDefinition } from '@grpc/grpc-js';
import type { ClientDuplexStream } from '@grpc/grpc-js';
import { Writable } from 'node:stream';
import { createLogger } from '../../logging/logger';
import { ReplyMeaning, SessionCallFailed, SessionClient } from './session-client';
import { SessionServer } from './session-server';

// A tiny JSON session service: "echo" answers once, "count" streams n values, "hang" never answers.
interface Call {
  id: number;
  op: 'echo' | 'count' | 'hang' | 'cancel';
  n?: number;
  text?: string;
}
interface Reply {
  id: number;
  value?: string;
  end?: boolean;
  failed?: { message: string; retryable: boolean };
}

const json = { serialize: (x: unknown) => Buffer.from(JSON.stringify(x)), deserialize: (b: Buffer) => JSON.parse(b.toString()) as never };
const definition: ServiceDefinition = {
  session: {
    path: '/t.S/session',
    requestStream: true,
    responseStream: true,
    requestSerialize: json.serialize,
    requestDeserialize: json.deserialize,
    responseSerialize: json.serialize,
    responseDeserialize: json.deserialize,
  },
};
const quiet = createLogger({ service: 't', instance: 't', level: 'fatal', destination: new Writable({ write: (_c, _e, done) => done() }) });
const meaning = (r: Reply): ReplyMeaning<string> =>
  r.failed ? { kind: 'failed', ...r.failed } : r.end ? { kind: 'end' } : { kind: 'value', value: r.value ?? '' };

// Stopped after each test, passed or failed: a server left open keeps jest from exiting.
const toStop: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(toStop.splice(0).map((stop) => stop()));
});

async function setup() {
  const aborted: number[] = [];
  const sessions = new SessionServer<Call, Reply>(
    {
      isCancel: (c) => c.op === 'cancel',
      failed: (id, message, retryable) => ({ id, failed: { message, retryable } }),
      async serve(call, send, signal) {
        signal.addEventListener('abort', () => aborted.push(call.id));
        if (call.op === 'echo') send({ id: call.id, value: call.text ?? '' });
        if (call.op === 'hang') await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
        if (call.op === 'count') {
          for (let i = 0; i < (call.n ?? 0) && !signal.aborted; i++) {
            send({ id: call.id, value: String(i) });
            await new Promise((r) => setTimeout(r, 5));
          }
          if (!signal.aborted) send({ id: call.id, end: true });
        }
      },
    },
    quiet,
  );
  const server = new Server();
  server.addService(definition, { session: sessions.handle });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
  );
  const Client = makeGenericClientConstructor(definition, 'S');
  const raw = new Client(`127.0.0.1:${port}`, credentials.createInsecure()) as unknown as {
    session(): ClientDuplexStream<Call, Reply>;
    close(): void;
  };
  const client = new SessionClient<Call, Reply>(() => raw.session(), 2);
  const stop = async () => {
    client.close();
    raw.close();
    server.forceShutdown();
  };
  toStop.push(stop);
  return { client, sessions, aborted };
}

describe('multiplexed sessions', () => {
  it('answers many concurrent calls on shared streams, each with its own reply', async () => {
    const { client } = await setup();
    const texts = Array.from({ length: 200 }, (_, i) => `call-${i}`);
    const replies = await Promise.all(texts.map((text) => client.unary((id) => ({ id, op: 'echo', text }), meaning)));
    expect(replies).toEqual(texts);
  });

  it('streams values in order until the end', async () => {
    const { client } = await setup();
    const values: string[] = [];
    for await (const v of client.stream(
      (id) => ({ id, op: 'count', n: 5 }),
      (id) => ({ id, op: 'cancel' }),
      meaning,
      new AbortController().signal,
    ))
      values.push(v);
    expect(values).toEqual(['0', '1', '2', '3', '4']);
  });

  it('cancels the call at the server when the consumer stops early or aborts', async () => {
    const { client, aborted } = await setup();
    for await (const v of client.stream(
      (id) => ({ id, op: 'count', n: 1000 }),
      (id) => ({ id, op: 'cancel' }),
      meaning,
      new AbortController().signal,
    )) {
      if (v === '2') break;
    }
    const abort = new AbortController();
    const hanging = client.stream(
      (id) => ({ id, op: 'hang' }),
      (id) => ({ id, op: 'cancel' }),
      meaning,
      abort.signal,
    );
    const next = hanging.next();
    setTimeout(() => abort.abort(), 20);
    await expect(next).rejects.toBeInstanceOf(SessionCallFailed);
    await new Promise((r) => setTimeout(r, 50));
    expect(aborted).toHaveLength(2);
  });

  it('fails calls in flight when the peer goes away, and recovers on the next call', async () => {
    const { client } = await setup();
    const hanging = client.unary((id) => ({ id, op: 'hang' }), meaning);
    client.close();
    await expect(hanging).rejects.toBeInstanceOf(Error);
    expect(await client.unary((id) => ({ id, op: 'echo', text: 'again' }), meaning)).toBe('again');
  });

  it('drains: calls in flight finish, new ones are refused as retryable, sessions end', async () => {
    const { client, sessions } = await setup();
    const values: string[] = [];
    // Drain only once the server is serving the call, however slow the machine: a fixed sleep raced it.
    let serving!: () => void;
    const firstValue = new Promise<void>((resolve) => (serving = resolve));
    const running = (async () => {
      for await (const v of client.stream(
        (id) => ({ id, op: 'count', n: 10 }),
        (id) => ({ id, op: 'cancel' }),
        meaning,
        new AbortController().signal,
      )) {
        values.push(v);
        serving();
      }
    })();
    await firstValue;
    const drained = sessions.drain(5_000);
    const refused = client
      .stream(
        (id) => ({ id, op: 'count', n: 1 }),
        (id) => ({ id, op: 'cancel' }),
        meaning,
        new AbortController().signal,
      )
      .next();
    await expect(refused).rejects.toMatchObject({ retryable: true });
    await running;
    await drained;
    expect(values).toHaveLength(10);
  });
});
