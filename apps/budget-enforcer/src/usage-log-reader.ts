import { UsageEvent } from '@switchyard/contracts';
import type { Log, ManagedComponent } from '@switchyard/platform';
import { randomUUID } from 'node:crypto';
import { trackConsumerLag } from '@switchyard/event-bus';
import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import type { Registry } from 'prom-client';

export type UsageHandler = (events: UsageEvent[]) => void;

/**
 * Reads usage.v1 from the offsets of `fromMs` (Kafka's offsets-for-timestamp)
 * and keeps following it. Nothing is committed: every start rebuilds the
 * counters of the open windows from the log itself. start() resolves once
 * the reader has reached the end of the log as it was at start.
 */
export class UsageLogReader implements ManagedComponent {
  readonly name = 'usage-log-reader';
  readonly stopPhase = 'intake' as const;
  private consumer: Consumer | undefined;
  private caughtUp = false;
  private readonly groupId: string;
  private readonly lagGroup: string;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
    private readonly fromMs: () => number,
    private readonly onEvents: UsageHandler,
    private readonly log: Log,
    groupPrefix: string,
    private readonly metrics?: Registry,
  ) {
    this.lagGroup = `${groupPrefix}budget-enforcer`;
    this.groupId = `${this.lagGroup}.${randomUUID()}`;
  }

  isCaughtUp(): boolean {
    return this.caughtUp;
  }

  async start(): Promise<void> {
    const from = this.fromMs();
    const admin = this.kafka.admin();
    await admin.connect();
    let targets: Map<number, bigint>;
    try {
      const starts = await admin.fetchTopicOffsetsByTimestamp(this.topic, from);
      const ends = await admin.fetchTopicOffsets(this.topic);
      targets = new Map(ends.filter((e) => BigInt(e.high) > 0n).map((e) => [e.partition, BigInt(e.high)] as const));
      await admin.setOffsets({
        groupId: this.groupId,
        topic: this.topic,
        partitions: starts.map((s) => ({ partition: s.partition, offset: s.offset })),
      });
      const startAt = new Map(starts.map((s) => [s.partition, BigInt(s.offset)] as const));
      for (const [p, end] of targets) if ((startAt.get(p) ?? 0n) >= end) targets.delete(p);
      this.log.info(
        {
          fromMs: from,
          partitions: starts.length,
          toRead: [...targets].map(([p, end]) => ({ partition: p, from: String(startAt.get(p)), to: String(end) })),
        },
        'replaying usage from the start of the open windows',
      );
    } finally {
      await admin.disconnect();
    }
    const consumer = this.kafka.consumer({
      groupId: this.groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 50,
      sessionTimeout: 15_000,
      heartbeatInterval: 1_500,
    });
    this.consumer = consumer;
    if (this.metrics) trackConsumerLag(consumer, this.lagGroup, this.metrics);
    let resolve: () => void = () => undefined;
    const done = new Promise<void>((r) => (resolve = r));
    const check = (partition: number, nextOffset: bigint) => {
      const end = targets.get(partition);
      if (end !== undefined && nextOffset >= end) targets.delete(partition);
      if (targets.size === 0 && !this.caughtUp) {
        this.caughtUp = true;
        resolve();
      }
    };
    check(-1, 0n);
    await consumer.connect();
    await consumer.subscribe({ topic: this.topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch, heartbeat }) => {
        const events = decodeAll(batch.messages, this.log);
        if (events.length > 0) this.onEvents(events);
        const last = batch.messages.at(-1);
        if (last) check(batch.partition, BigInt(last.offset) + 1n);
        await heartbeat();
      },
    });
    await done;
    this.log.info('caught up with usage.v1');
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    // The group only ever held uncommitted offsets of this process: remove it.
    const admin = this.kafka.admin();
    await admin
      .connect()
      .then(() => admin.deleteGroups([this.groupId]))
      .catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}

function decodeAll(messages: readonly KafkaMessage[], log: Log): UsageEvent[] {
  const out: UsageEvent[] = [];
  for (const m of messages) {
    if (!m.value) continue;
    try {
      out.push(UsageEvent.decode(m.value));
    } catch (error) {
      log.error({ err: error, offset: m.offset }, 'skipped an unreadable usage event');
    }
  }
  return out;
}
