import type { Log, ManagedComponent } from '@switchyard/platform';
import { ConfigResourceTypes, ConfigSource } from 'kafkajs';
import type { Admin, Kafka } from 'kafkajs';
import { TopicDefinition, topicName } from './topic-catalog';
import { reconciledTopicConfig } from './topic-config';

/**
 * Creates the topics that don't exist yet and brings the configs of existing
 * ones to the catalog's (idempotent, run at every start), then waits until
 * the broker's metadata shows a leader for every partition and it answers ListOffsets:
 * a topic created a moment ago (by us or by another service) can otherwise
 * still answer "does not host this topic-partition".
 */
export interface EnsureTopicsOptions {
  readonly timeoutMs?: number;
  /**
   * With a log, a topic whose configs cannot be reapplied (e.g. no
   * DescribeConfigs/AlterConfigs permission where a platform team owns the
   * topics) is a warning, not a failed start; without one it throws.
   */
  readonly log?: Log;
}

export async function ensureTopics(
  kafka: Kafka,
  prefix: string,
  topics: readonly TopicDefinition[],
  options: EnsureTopicsOptions = {},
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(topicName(prefix, t)));
    if (missing.length > 0) await createTopics(admin, prefix, missing);
    try {
      await reconcileConfigs(
        admin,
        prefix,
        topics.filter((t) => existing.has(topicName(prefix, t))),
      );
    } catch (error) {
      if (!options.log) throw error;
      options.log.warn(
        { err: error, topics: topics.map((t) => topicName(prefix, t)) },
        'could not reapply the catalog configs to existing topics; they keep their current configs',
      );
    }
    await waitForLeaders(
      admin,
      topics.map((t) => topicName(prefix, t)),
      options.timeoutMs ?? 30_000,
    );
  } finally {
    await admin.disconnect();
  }
}

/** Topic creation and config reconciliation as a service component that runs before the others start. */
export function kafkaTopicsComponent(kafka: Kafka, prefix: string, topics: readonly TopicDefinition[], log: Log): ManagedComponent {
  return {
    name: 'kafka-topics',
    stopPhase: 'outlet',
    start: () => ensureTopics(kafka, prefix, topics, { log }),
    stop: async () => undefined,
  };
}

async function createTopics(admin: Admin, prefix: string, topics: readonly TopicDefinition[]): Promise<void> {
  try {
    // kafkajs' own wait fails on "does not host this topic-partition" while a busy broker settles;
    // waitForLeaders below does the waiting, with retries.
    await admin.createTopics({
      waitForLeaders: false,
      topics: topics.map((t) => ({
        topic: topicName(prefix, t),
        numPartitions: t.partitions,
        replicationFactor: -1,
        configEntries: Object.entries(t.config).map(([name, value]) => ({ name, value })),
      })),
    });
  } catch (error) {
    // Another service may have created the same topic a moment ago.
    if (!(error instanceof Error && /already exists/i.test(error.message))) throw error;
  }
}

async function reconcileConfigs(admin: Admin, prefix: string, topics: readonly TopicDefinition[]): Promise<void> {
  if (topics.length === 0) return;
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: topics.map((t) => ({ type: ConfigResourceTypes.TOPIC, name: topicName(prefix, t) })),
  });
  const changes = topics.flatMap((t) => {
    const entries = described.resources.find((r) => r.resourceName === topicName(prefix, t))?.configEntries ?? [];
    const current = entries.map((e) => ({
      name: e.configName,
      value: e.configValue,
      topicOverride: e.configSource === ConfigSource.TOPIC_CONFIG,
    }));
    const wanted = reconciledTopicConfig(t.config, current);
    return wanted
      ? [
          {
            type: ConfigResourceTypes.TOPIC,
            name: topicName(prefix, t),
            configEntries: Object.entries(wanted).map(([name, value]) => ({ name, value })),
          },
        ]
      : [];
  });
  if (changes.length > 0) await admin.alterConfigs({ validateOnly: false, resources: changes });
}

async function waitForLeaders(admin: Admin, names: readonly string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastProblem = '';
  while (Date.now() < deadline) {
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [...names] });
      const ready = names.every((name) => {
        const topic = topics.find((t) => t.name === name);
        return topic !== undefined && topic.partitions.length > 0 && topic.partitions.every((p) => p.leader >= 0);
      });
      // Metadata can show a leader before the leader answers for the partition: ListOffsets (what
      // log followers call next) must succeed too, or a service dies on "not the leader" at start.
      if (ready) {
        for (const name of names) await admin.fetchTopicOffsets(name);
        return;
      }
      lastProblem = 'partitions without a leader';
    } catch (error) {
      lastProblem = error instanceof Error ? error.message : String(error);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`topics ${names.join(', ')} not ready within ${timeoutMs} ms: ${lastProblem}`);
}
