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
