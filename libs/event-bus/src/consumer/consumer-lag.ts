import { sharedMetric } from '@switchyard/platform';
import type { Consumer } from 'kafkajs';
import { Gauge, Registry } from 'prom-client';

const LAG = 'switchyard_kafka_consumer_lag';

type LagChild = ReturnType<Gauge<'group' | 'topic' | 'partition'>['labels']>;

/**
 * Reports `switchyard_kafka_consumer_lag{group,topic,partition}`: the records
 * of a partition not yet processed by this consumer, from each fetched batch's
 * high watermark. The broker sends the high watermark with every fetch, so
 * this costs no request; polling admin.fetchOffsets instead would cost a
 * broker round trip per group and scrape and still only see committed offsets.
 * At a batch's start the whole batch counts as lag, at its end only what came
 * after it: a batch whose write keeps failing is redelivered with a newer high
 * watermark, so its lag keeps growing while it fails. `group` is the stable
 * name of the consumer (never a per-process random suffix), so series survive
 * restarts and stay bounded.
 */
export function trackConsumerLag(consumer: Consumer, group: string, registry: Registry): void {
  const gauge = sharedMetric(
    registry,
    LAG,
    () =>
      new Gauge({
        name: LAG,
        help: 'Records of a partition not yet processed by the consumer group (high watermark of the last fetch minus the next offset to process).',
        labelNames: ['group', 'topic', 'partition'],
        registers: [registry],
      }),
  );
  const children = new Map<string, Map<number, LagChild>>();
  const child = (topic: string, partition: number): LagChild => {
    let byPartition = children.get(topic);
    if (!byPartition) children.set(topic, (byPartition = new Map()));
    let bound = byPartition.get(partition);
    if (!bound) byPartition.set(partition, (bound = gauge.labels({ group, topic, partition: String(partition) })));
    return bound;
  };
  const { START_BATCH_PROCESS, END_BATCH_PROCESS, GROUP_JOIN } = consumer.events;
  consumer.on(START_BATCH_PROCESS, ({ payload: p }) => {
    child(p.topic, p.partition).set(Math.max(0, Number(p.highWatermark) - Number(p.firstOffset)));
  });
  consumer.on(END_BATCH_PROCESS, ({ payload: p }) => {
    child(p.topic, p.partition).set(Math.max(0, Number(p.highWatermark) - Number(p.lastOffset) - 1));
  });
  // After a rebalance another member reports the partitions this one lost; a stale value here would hide its lag.
  consumer.on(GROUP_JOIN, ({ payload }) => {
    for (const [topic, byPartition] of children) {
      const kept = new Set(payload.memberAssignment[topic] ?? []);
      for (const partition of byPartition.keys()) {
        if (kept.has(partition)) continue;
        gauge.remove({ group, topic, partition: String(partition) });
        byPartition.delete(partition);
      }
    }
  });
}
