import type { Log } from '@switchyard/platform';
import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import type { Registry } from 'prom-client';
import { trackConsumerLag } from './consumer-lag';

export interface BatchContext {
  readonly topic: string;
  readonly partition: number;
}

/** Writes a batch downstream; must be idempotent (redelivery after a crash is normal). */
export type BatchWriter = (messages: readonly KafkaMessage[], context: BatchContext) => Promise<void>;

export interface CommitAfterWriteOptions {
  groupId: string;
  topics: readonly string[];
  write: BatchWriter;
  /** Upper bound on how long the broker holds a fetch waiting for data. */
  maxWaitTimeMs?: number;
}

/**
 * A consumer group member that commits an offset only after the write it feeds
 * has succeeded. If the write fails or the process dies, the batch is delivered
 * again from the last committed offset: at-least-once, made exactly-once
 * downstream by idempotent writes.
 */
export class CommitAfterWriteConsumer {
  readonly name = 'event-consumer';
  readonly stopPhase = 'intake' as const;
  private readonly consumer: Consumer;
  private joined = false;
  private crashed = false;

  constructor(
    kafka: Kafka,
    private readonly options: CommitAfterWriteOptions,
    private readonly log: Log,
    metrics: Registry,
  ) {
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: options.maxWaitTimeMs ?? 250,
      sessionTimeout: 15_000,
      heartbeatInterval: 1_500,
      retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 5_000 },
    });
    trackConsumerLag(this.consumer, options.groupId, metrics);
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
      this.joined = true;
      this.crashed = false;
    });
    this.consumer.on(this.consumer.events.CRASH, (event) => {
      this.joined = false;
      this.crashed = !event.payload.restart;
      this.log.error({ err: event.payload.error, restart: event.payload.restart }, 'consumer crashed');
    });
  }

  isHealthy(): boolean {
    return this.joined && !this.crashed;
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [...this.options.topics], fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, heartbeat, isRunning, isStale, resolveOffset }) => {
        if (batch.messages.length === 0 || !isRunning() || isStale()) return;
        const context = { topic: batch.topic, partition: batch.partition };
        try {
          await this.options.write(batch.messages, context);
        } catch (error) {
          this.log.warn({ err: error, ...context, messages: batch.messages.length }, 'batch write failed; it will be redelivered');
          throw error;
        }
        const last = batch.messages[batch.messages.length - 1];
        if (last === undefined) return;
        await this.consumer.commitOffsets([{ ...context, offset: (BigInt(last.offset) + 1n).toString() }]);
        // Committing does not move kafkajs's fetch position (with auto-resolve off it would
        // re-fetch from the session's first offset forever, and stall once that backlog
        // exceeds one fetch): resolve what was written.
        resolveOffset(last.offset);
        await heartbeat();
      },
    });
  }

  /** Waits for the batch in hand to be written and committed, then leaves the group. */
  async stop(): Promise<void> {
    await this.consumer.disconnect();
    this.joined = false;
  }
}
