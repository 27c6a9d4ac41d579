import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';

export interface StoredMessage {
  readonly topic: string;
  readonly key: string;
  /** The raw record value as UTF-8: protobuf stores strings verbatim, so a grep finds them. */
  readonly text: string;
  readonly value: Buffer;
}

/** Every record currently stored in the topics starting with `prefix` (read from the beginning, as Kafka keeps them). */
export async function dumpTopics(prefix: string, brokers = ['127.0.0.1:19092']): Promise<StoredMessage[]> {
  const kafka = new Kafka({ clientId: 'e2e-dump', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
  const remaining = new Map<string, bigint>();
  for (const topic of topics) {
    for (const o of await admin.fetchTopicOffsets(topic))
      if (BigInt(o.high) > BigInt(o.low)) remaining.set(`${topic}/${o.partition}`, BigInt(o.high) - 1n);
  }
  await admin.disconnect();
  const out: StoredMessage[] = [];
  if (remaining.size === 0) return out;
  const consumer = kafka.consumer({ groupId: `e2e-dump-${randomUUID()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topics, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`topics not read to the end: ${[...remaining.keys()].join(', ')}`)), 30_000);
    consumer
      .run({
        eachMessage: async ({ topic, partition, message }) => {
          const value = message.value ?? Buffer.alloc(0);
          out.push({ topic, key: message.key?.toString('utf8') ?? '', text: value.toString('utf8'), value });
          const at = `${topic}/${partition}`;
          if ((remaining.get(at) ?? -1n) <= BigInt(message.offset)) remaining.delete(at);
          if (remaining.size === 0) {
            clearTimeout(timer);
            resolve();
          }
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  return out;
}
