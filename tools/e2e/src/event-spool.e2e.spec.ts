import { createKafka, DEFAULT_PUBLISHER_OPTIONS, ensureTopics, EventPublisher, TOPICS, topicName } from '@switchyard/event-bus';
import { createLogger } from '@switchyard/platform';
import { Kafka, logLevel } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';

const log = createLogger({ service: 'spool-test', instance: 't', level: 'error' });

describe('events published while Kafka is unreachable', () => {
  const prefix = `e2e_spool_${randomBytes(3).toString('hex')}.`;
  const topic = topicName(prefix, TOPICS.usage);
  const admin = new Kafka({ clientId: 'spool-test', brokers: ['127.0.0.1:19092'], logLevel: logLevel.NOTHING }).admin();

  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('wait in the disk spool and all reach the real broker after a restart', async () => {
    const spoolDir = mkdtempSync(join(tmpdir(), 'spool-e2e-'));
    const unreachable = createKafka({ kafkaBrokers: ['127.0.0.1:1'], kafkaTopicPrefix: prefix }, 'spool-test-down', log);
    const down = new EventPublisher(unreachable, { ...DEFAULT_PUBLISHER_OPTIONS, sendTimeoutMs: 1_000, spoolDir }, log, new Registry());
    await down.start();
    const total = 500;
    for (let i = 0; i < total; i++) down.publish(topic, `tenant-${i % 7}`, Buffer.from(`event-${i}`));
    await down.stop();
    expect(down.spoolBytes()).toBeGreaterThan(0);
    expect(readdirSync(spoolDir).length).toBeGreaterThan(0);

    const kafka = createKafka({ kafkaBrokers: ['127.0.0.1:19092'], kafkaTopicPrefix: prefix }, 'spool-test-up', log);
    await admin.connect();
    await ensureTopics(kafka, prefix, [TOPICS.usage]);
    const up = new EventPublisher(kafka, { ...DEFAULT_PUBLISHER_OPTIONS, spoolDir }, log, new Registry());
    await up.start();
    const deadline = Date.now() + 60_000;
    while (up.spoolBytes() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await up.stop();
    expect(up.spoolBytes()).toBe(0);

    const received = new Set<string>();
    const consumer = kafka.consumer({ groupId: `${prefix}reader` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void received.add(String(message.value)) });
    while (received.size < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await consumer.disconnect();
    expect(received.size).toBe(total);
    expect(received.has('event-0') && received.has(`event-${total - 1}`)).toBe(true);
  });
});
