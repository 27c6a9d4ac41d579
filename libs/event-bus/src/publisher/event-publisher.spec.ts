import { createLogger } from '@switchyard/platform';
import type { Kafka, Producer, ProducerBatch, ProducerRecord } from 'kafkajs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Registry } from 'prom-client';
import { EventPublisher } from './event-publisher';

/** A producer whose broker can be switched off and on; records what it accepted. */
class SwitchableProducer {
  up = true;
  readonly delivered: string[] = [];
  async connect(): Promise<void> {
    if (!this.up) throw new Error('broker down');
  }
  async disconnect(): Promise<void> {}
  async sendBatch(batch: ProducerBatch): Promise<void> {
    if (!this.up) throw new Error('broker down');
    for (const t of batch.topicMessages ?? []) for (const m of t.messages) this.delivered.push(String(m.value));
  }
  async send(record: ProducerRecord): Promise<void> {
    if (!this.up) throw new Error('broker down');
    for (const m of record.messages) this.delivered.push(String(m.value));
  }
}

const quietLog = createLogger({
  service: 'test',
  instance: 't',
  level: 'fatal',
  destination: new Writable({ write: (_c, _e, done) => done() }),
});

function publisherWith(producer: SwitchableProducer, spoolDir: string): EventPublisher {
  const kafka = { producer: () => producer as unknown as Producer } as unknown as Kafka;
  return new EventPublisher(
    kafka,
    { lingerMs: 1, maxBatch: 50, sendTimeoutMs: 200, spoolDir, spoolMaxBytes: 1 << 20, drainIntervalMs: 20 },
    quietLog,
    new Registry(),
  );
}

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('EventPublisher', () => {
  it('spools while Kafka is away and delivers every event once it is back', async () => {
    const producer = new SwitchableProducer();
    const publisher = publisherWith(producer, mkdtempSync(join(tmpdir(), 'pub-')));
    await publisher.start();
    for (let i = 0; i < 10; i++) publisher.publish('t', 'k', Buffer.from(`a${i}`));
    await until(() => producer.delivered.length === 10);

    producer.up = false;
    for (let i = 0; i < 120; i++) publisher.publish('t', 'k', Buffer.from(`b${i}`));
    await until(() => publisher.spoolBytes() > 0 && !publisher.isKafkaHealthy());
    expect(producer.delivered).toHaveLength(10);

    producer.up = true;
    for (let i = 0; i < 5; i++) publisher.publish('t', 'k', Buffer.from(`c${i}`));
    await until(() => producer.delivered.length === 135);
    expect(new Set(producer.delivered).size).toBe(135);
    // Spooled events drain in the order they happened, before what came later.
    expect(producer.delivered.indexOf('b0')).toBeLessThan(producer.delivered.indexOf('b119'));
    expect(producer.delivered.indexOf('b119')).toBeLessThan(producer.delivered.indexOf('c0'));
    // The segment file is removed only after its last batch was acknowledged (at least once, never lost).
    await until(() => publisher.spoolBytes() === 0);
    await publisher.stop();
  });

  it('keeps what could not be sent at shutdown for the next start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pub-'));
    const down = new SwitchableProducer();
    down.up = false;
    const first = publisherWith(down, dir);
    await first.start();
    for (let i = 0; i < 30; i++) first.publish('t', 'k', Buffer.from(`e${i}`));
    await first.stop();
    expect(down.delivered).toHaveLength(0);

    const up = new SwitchableProducer();
    const second = publisherWith(up, dir);
    await second.start();
    await until(() => up.delivered.length === 30);
    expect(up.delivered).toEqual(Array.from({ length: 30 }, (_, i) => `e${i}`));
    await second.stop();
  });

  it('never blocks the caller: publish returns before anything is sent', async () => {
    const producer = new SwitchableProducer();
    const publisher = publisherWith(producer, mkdtempSync(join(tmpdir(), 'pub-')));
    await publisher.start();
    publisher.publish('t', 'k', Buffer.from('x'));
    expect(producer.delivered).toHaveLength(0);
    await until(() => producer.delivered.length === 1);
    await publisher.stop();
  });
});
