import { withTimeout } from '@switchyard/platform';
import type { Log } from '@switchyard/platform';
import { randomUUID } from 'node:crypto';
import type { Consumer, Kafka } from 'kafkajs';
import type { Registry } from 'prom-client';
import { trackConsumerLag } from './consumer-lag';

export type LogRecordHandler = (key: string, value: Buffer | null, offset: string) => void;

export interface LogFollowerOptions {
  topic: string;
  /** Identifies the reader in the broker's group list (a unique suffix is added). */
  readerName: string;
  onRecord: LogRecordHandler;
  /** Where to report consumer lag, under the reader's stable name (its group id has a random suffix). */
  lag?: { registry: Registry; group: string };
}

/**
 * Reads a topic from its beginning and keeps following it: the way every
 * service rebuilds its state from an event log. start() resolves once the
 * reader has caught up with the log as it was when start() was called.
 * Each process reads as its own group and never commits: it always replays.
 */
export class LogFollower {
  private readonly consumer: Consumer;
  private caughtUp = false;
  private lastOffsets = new Map<number, bigint>();

  constructor(
    private readonly kafka: Kafka,
    private readonly options: LogFollowerOptions,
    private readonly log: Log,
  ) {
    this.consumer = kafka.consumer({
      groupId: `${options.readerName}.${randomUUID()}`,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 100,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
    });
    if (options.lag) trackConsumerLag(this.consumer, options.lag.group, options.lag.registry);
  }

  isCaughtUp(): boolean {
    return this.caughtUp;
  }

  /** Per partition, the offset after the last record handled: equal to the high watermark once everything is applied. */
  nextOffsets(): Record<string, number> {
    const next: Record<string, number> = {};
    for (const [partition, offset] of this.lastOffsets) next[String(partition)] = Number(offset + 1n);
    return next;
  }

  async start(timeoutMs = 30_000): Promise<void> {
    const targets = await this.highWatermarks();
    const done = this.whenCaughtUp(targets);
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.options.topic, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        this.options.onRecord(message.key?.toString('utf8') ?? '', message.value, message.offset);
        this.lastOffsets.set(partition, BigInt(message.offset));
        this.checkCaughtUp(targets);
      },
    });
    await withTimeout(done, timeoutMs, `reading ${this.options.topic} did not catch up within ${timeoutMs} ms`);
    this.log.info({ topic: this.options.topic }, 'caught up with the log');
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }

  private async highWatermarks(): Promise<Map<number, bigint>> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(this.options.topic);
      // Offsets to reach: high watermark - 1, only for partitions with data.
      return new Map(offsets.filter((o) => BigInt(o.high) > BigInt(o.low)).map((o) => [o.partition, BigInt(o.high) - 1n] as const));
    } finally {
      await admin.disconnect();
    }
  }

  private resolveCaughtUp: (() => void) | undefined;

  private whenCaughtUp(targets: Map<number, bigint>): Promise<void> {
    return new Promise((resolve) => {
      this.resolveCaughtUp = resolve;
      this.checkCaughtUp(targets);
    });
  }

  private checkCaughtUp(targets: Map<number, bigint>): void {
    if (this.caughtUp) return;
    for (const [partition, target] of targets) {
      // Compaction can remove the last record; reaching past the target also counts.
      if ((this.lastOffsets.get(partition) ?? -1n) < target) return;
    }
    this.caughtUp = true;
    this.resolveCaughtUp?.();
  }
}
