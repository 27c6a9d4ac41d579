import { createLogger } from '@switchyard/platform';
import type { Kafka } from 'kafkajs';
import { Writable } from 'node:stream';
import { ensureTopics } from './ensure-topics';
import { TOPICS } from './topic-catalog';

/** An admin client on a cluster where config.v1 exists and describing configs is not allowed. */
function kafkaDenyingDescribeConfigs(): Kafka {
  const admin = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    listTopics: async () => ['p.config.v1'],
    createTopics: async () => true,
    describeConfigs: async () => {
      throw new Error('Topic authorization failed');
    },
    fetchTopicMetadata: async () => ({ topics: [{ name: 'p.config.v1', partitions: [{ partitionId: 0, leader: 1 }] }] }),
    fetchTopicOffsets: async () => [{ partition: 0, offset: '0', high: '0', low: '0' }],
  };
  return { admin: () => admin } as unknown as Kafka;
}

describe('ensureTopics when topic configs cannot be reapplied', () => {
  it('lets a service start with a warning, and fails a caller that passed no log', async () => {
    const lines: string[] = [];
    const log = createLogger({
      service: 't',
      instance: 't',
      level: 'warn',
      destination: new Writable({ write: (chunk, _e, done) => done(void lines.push(String(chunk))) }),
    });
    await expect(ensureTopics(kafkaDenyingDescribeConfigs(), 'p.', [TOPICS.config], { log })).resolves.toBeUndefined();
    expect(lines.join('')).toContain('could not reapply the catalog configs');
    await expect(ensureTopics(kafkaDenyingDescribeConfigs(), 'p.', [TOPICS.config])).rejects.toThrow('Topic authorization failed');
  });
});

/** A broker whose metadata already names a leader that does not yet answer ListOffsets (a topic created a moment ago). */
function kafkaWithLaggingLeader(failures: number): { kafka: Kafka; offsetCalls: () => number } {
  let calls = 0;
  const admin = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    listTopics: async () => ['p.config.v1'],
    createTopics: async () => true,
    describeConfigs: async () => ({ resources: [] }),
    alterConfigs: async () => undefined,
    fetchTopicMetadata: async () => ({ topics: [{ name: 'p.config.v1', partitions: [{ partitionId: 0, leader: 1 }] }] }),
    fetchTopicOffsets: async () => {
      calls += 1;
      if (calls <= failures) throw new Error('This server is not the leader for that topic-partition');
      return [{ partition: 0, offset: '0', high: '0', low: '0' }];
    },
  };
  return { kafka: { admin: () => admin } as unknown as Kafka, offsetCalls: () => calls };
}

describe('ensureTopics waiting for leaders', () => {
  it('waits until the leader answers ListOffsets, not only until metadata names one', async () => {
    const lagging = kafkaWithLaggingLeader(3);
    await expect(ensureTopics(lagging.kafka, 'p.', [TOPICS.config])).resolves.toBeUndefined();
    expect(lagging.offsetCalls()).toBe(4);
  });

  it('gives up after its timeout, naming the last problem', async () => {
    const never = kafkaWithLaggingLeader(Number.MAX_SAFE_INTEGER);
    await expect(ensureTopics(never.kafka, 'p.', [TOPICS.config], { timeoutMs: 300 })).rejects.toThrow(/not the leader/);
  });
});
