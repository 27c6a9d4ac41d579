import { reconciledTopicConfig } from './topic-config';

const LAG_7D = String(7 * 24 * 60 * 60 * 1000);

describe('reconciling a topic with the catalog', () => {
  const catalog = { 'cleanup.policy': 'compact', 'min.compaction.lag.ms': LAG_7D };

  it('leaves a topic alone when it already carries the catalog values, set or inherited', () => {
    expect(
      reconciledTopicConfig(catalog, [
        { name: 'cleanup.policy', value: 'compact', topicOverride: true },
        { name: 'min.compaction.lag.ms', value: LAG_7D, topicOverride: true },
        { name: 'max.message.bytes', value: '1048588', topicOverride: false },
      ]),
    ).toBeUndefined();
  });

  it('rewrites drifted values and keeps what an operator set on other keys', () => {
    expect(
      reconciledTopicConfig(catalog, [
        { name: 'cleanup.policy', value: 'compact', topicOverride: true },
        { name: 'min.compaction.lag.ms', value: '3600000', topicOverride: true },
        { name: 'max.message.bytes', value: '4194304', topicOverride: true },
        { name: 'segment.ms', value: '604800000', topicOverride: false },
      ]),
    ).toEqual({ 'cleanup.policy': 'compact', 'min.compaction.lag.ms': LAG_7D, 'max.message.bytes': '4194304' });
  });

  it('adds a catalog key the topic does not describe at all', () => {
    expect(reconciledTopicConfig({ 'retention.ms': '1000' }, [])).toEqual({ 'retention.ms': '1000' });
  });
});
