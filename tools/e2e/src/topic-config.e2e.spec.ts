import { createKafka, ensureTopics, TOPICS, topicName } from '@switchyard/event-bus';
import { createLogger } from '@switchyard/platform';
import { ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { randomBytes } from 'node:crypto';

const log = createLogger({ service: 'topic-config-test', instance: 't', level: 'error' });
const WEEK_MS = String(7 * 24 * 60 * 60 * 1000);

describe('topic configs are code: an existing topic is brought to the catalog at start', () => {
  const prefix = `e2e_topics_${randomBytes(3).toString('hex')}.`;
  const topic = topicName(prefix, TOPICS.config);
  const admin = new Kafka({ clientId: 'topic-config-test', brokers: ['127.0.0.1:19092'], logLevel: logLevel.NOTHING }).admin();
  const kafka = createKafka({ kafkaBrokers: ['127.0.0.1:19092'], kafkaTopicPrefix: prefix }, 'topic-config-test', log);

  beforeAll(() => admin.connect());
  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  const configsOf = async (): Promise<Record<string, string>> => {
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }],
    });
    return Object.fromEntries((described.resources[0]?.configEntries ?? []).map((e) => [e.configName, e.configValue]));
  };

  it('rewrites the drifted compaction settings of config.v1 and keeps an operator override', async () => {
    // config.v1 as an earlier release created it (superseded versions compacted after 1 h), plus an operator's own override.
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic,
          numPartitions: 1,
          configEntries: [
            { name: 'cleanup.policy', value: 'compact' },
            { name: 'min.compaction.lag.ms', value: '3600000' },
            { name: 'max.message.bytes', value: '4194304' },
          ],
        },
      ],
    });

    await ensureTopics(kafka, prefix, [TOPICS.config]);
    const after = await configsOf();
    expect(after).toMatchObject({
      'cleanup.policy': 'compact',
      'min.compaction.lag.ms': WEEK_MS,
      'delete.retention.ms': WEEK_MS,
      'max.message.bytes': '4194304',
    });

    await ensureTopics(kafka, prefix, [TOPICS.config]);
    expect(await configsOf()).toEqual(after);
  });
});
