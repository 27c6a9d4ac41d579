import type { Kafka } from 'kafkajs';
import { TopicDefinition, topicName } from './topic-catalog';

/** Creates the topics that don't exist yet (idempotent, run at every start). */
export async function ensureTopics(kafka: Kafka, prefix: string, topics: readonly TopicDefinition[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(topicName(prefix, t)));
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((t) => ({
        topic: topicName(prefix, t),
        numPartitions: t.partitions,
        replicationFactor: -1,
        configEntries: Object.entries(t.config).map(([name, value]) => ({ name, value })),
      })),
    });
  } catch (error) {
    // Another service may have created the same topic a moment ago.
    if (!(error instanceof Error && /already exists/i.test(error.message))) throw error;
  } finally {
    await admin.disconnect();
  }
}
