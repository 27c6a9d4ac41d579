import { ConfigWriter } from '@switchyard/config-sync';
import { createKafka, ensureTopics, KafkaSettings, TOPICS, topicName } from '@switchyard/event-bus';
import { createLogger } from '@switchyard/platform';
import { Partitioners } from 'kafkajs';

export interface ConfigLogWriter {
  readonly writer: ConfigWriter;
  close(): Promise<void>;
}

/** A ConfigWriter on its own idempotent producer, straight to the config topic (tools only; services use their publisher). */
export async function openConfigLogWriter(settings: KafkaSettings, clientId: string, producerName: string): Promise<ConfigLogWriter> {
  const log = createLogger({ service: clientId, instance: String(process.pid), level: 'warn' });
  const kafka = createKafka(settings, clientId, log);
  await ensureTopics(kafka, settings.kafkaTopicPrefix, [TOPICS.config, TOPICS.requests, TOPICS.usage, TOPICS.budgetAlerts]);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const writer = new ConfigWriter(
    {
      publishAndWait: async (t, key, value) =>
        void (await producer.send({ topic: t, acks: -1, messages: [{ key, value: Buffer.from(value) }] })),
    },
    topicName(settings.kafkaTopicPrefix, TOPICS.config),
    producerName,
  );
  return { writer, close: () => producer.disconnect() };
}
