import { createLogger } from '@switchyard/platform';
import { Kafka, logLevel } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { Registry } from 'prom-client';
import { CommitAfterWriteConsumer } from './commit-after-write-consumer';

const quietLog = createLogger({
  service: 'test',
  instance: 't',
  level: 'fatal',
  destination: new Writable({ write: (_c, _e, done) => done() }),
});

async function lagOf(registry: Registry, group: string, topic: string): Promise<number | undefined> {
  const metric = await registry.getSingleMetric('switchyard_kafka_consumer_lag')?.get();
  return metric?.values.find((v) => v.labels['group'] === group && v.labels['topic'] === topic && v.labels['partition'] === '0')?.value;
}

async function until(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

// Real Kafka (the shared local broker), an isolated topic and group.
describe('switchyard_kafka_consumer_lag (CommitAfterWriteConsumer)', () => {
  const kafka = new Kafka({ clientId: 'lag-spec', brokers: ['127.0.0.1:19092'], logLevel: logLevel.NOTHING });
  const id = `lagspec_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const topic = `${id}.t`;
  const group = `${id}.group`;
  const admin = kafka.admin();
  const producer = kafka.producer();

  beforeAll(async () => {
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.deleteGroups([group]).catch(() => undefined);
    await admin.disconnect();
  });

  it('counts the unprocessed records while writes fail, grows with new ones, and drops to 0 once written', async () => {
    await producer.send({ topic, messages: Array.from({ length: 5 }, (_, i) => ({ value: `m${i}` })) });
    const registry = new Registry();
    let failing = true;
    const consumer = new CommitAfterWriteConsumer(
      kafka,
      {
        groupId: group,
        topics: [topic],
        write: async () => {
          if (failing) throw new Error('downstream away');
        },
        maxWaitTimeMs: 50,
      },
      quietLog,
      registry,
    );
    await consumer.start();
    try {
      await until(async () => (await lagOf(registry, group, topic)) === 5);
      await producer.send({ topic, messages: [{ value: 'm5' }, { value: 'm6' }] });
      await until(async () => (await lagOf(registry, group, topic)) === 7);
      failing = false;
      await until(async () => (await lagOf(registry, group, topic)) === 0);
    } finally {
      await consumer.stop();
    }
    expect(await registry.metrics()).toMatch(
      new RegExp(`switchyard_kafka_consumer_lag\\{group="${group}",topic="${topic}",partition="0"\\} 0`),
    );
  });
});
