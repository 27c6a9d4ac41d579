import { withTimeout } from '@switchyard/platform';
import type { Log } from '@switchyard/platform';
import { CompressionTypes, Kafka, Partitioners, Producer } from 'kafkajs';
import { Counter, Gauge, Registry } from 'prom-client';
import { DiskSpool } from '../spool/disk-spool';
import type { SpooledRecord } from '../spool/spool-record';

export interface PublisherOptions {
  /** How long a record may wait for companions before its batch is sent. */
  lingerMs: number;
  maxBatch: number;
  sendTimeoutMs: number;
  spoolDir: string;
  spoolMaxBytes: number;
  drainIntervalMs: number;
}

// Events are never on a caller's critical path, so they wait up to 50 ms for
// companions: a few large produce requests cost far less CPU than many small ones.
export const DEFAULT_PUBLISHER_OPTIONS: Omit<PublisherOptions, 'spoolDir'> = {
  lingerMs: 50,
  maxBatch: 1000,
  sendTimeoutMs: 5_000,
  spoolMaxBytes: 1024 * 1024 * 1024,
  drainIntervalMs: 500,
};

/**
 * Publishes events without ever making a caller wait: publish() only queues.
 * Batches go to Kafka through an idempotent producer; when Kafka is away they
 * go to a local disk spool instead, which drains (oldest first) once Kafka is
 * back. While the spool holds anything, new batches are spooled too, so the
 * spool drains in roughly the order events happened.
 */
export class EventPublisher {
  readonly name = 'event-publisher';
  readonly stopPhase = 'outlet' as const;
  private readonly producer: Producer;
  private readonly spool: DiskSpool;
  private queue: SpooledRecord[] = [];
  private lingerTimer: NodeJS.Timeout | undefined;
  private drainTimer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> = Promise.resolve();
  private kafkaHealthy = false;
  private draining = false;
  private stopping = false;
  private stopped = false;
  private readonly published: Counter<'topic'>;
  private readonly spooled: Counter<'topic'>;

  constructor(
    kafka: Kafka,
    private readonly options: PublisherOptions,
    private readonly log: Log,
    metrics: Registry,
  ) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1_000 },
    });
    this.spool = new DiskSpool(options.spoolDir, options.spoolMaxBytes);
    this.published = new Counter({
      name: 'switchyard_events_published_total',
      help: 'Events acknowledged by Kafka.',
      labelNames: ['topic'],
      registers: [metrics],
    });
    this.spooled = new Counter({
      name: 'switchyard_events_spooled_total',
      help: 'Events written to the disk spool because Kafka was unavailable.',
      labelNames: ['topic'],
      registers: [metrics],
    });
    const spool = this.spool;
    const queued = (): number => this.queue.length;
    new Gauge({
      name: 'switchyard_spool_bytes',
      help: 'Bytes waiting in the disk spool for Kafka.',
      registers: [metrics],
      collect(this: Gauge) {
        this.set(spool.bytes);
      },
    });
    new Gauge({
      name: 'switchyard_events_queued',
      help: 'Events queued in memory, not yet sent.',
      registers: [metrics],
      collect(this: Gauge) {
        this.set(queued());
      },
    });
  }

  /** True while events reach Kafka directly (false while they spool). */
  isKafkaHealthy(): boolean {
    return this.kafkaHealthy;
  }

  /** Ready to accept events: Kafka reachable, or a spool with room to hold them. */
  canAccept(): boolean {
    return this.kafkaHealthy || !this.spool.isFull();
  }

  spoolBytes(): number {
    return this.spool.bytes;
  }

  async start(): Promise<void> {
    try {
      await this.kafkaAnswer(this.producer.connect());
      this.kafkaHealthy = true;
    } catch (error) {
      this.log.warn({ err: error }, 'Kafka unavailable at start; events will spool to disk until it is back');
    }
    this.scheduleDrain(0);
  }

  publish(topic: string, key: string, value: Uint8Array): void {
    if (this.stopped) {
      this.spool.appendSync([{ topic, key, value: toBuffer(value) }]);
      return;
    }
    this.queue.push({ topic, key, value: toBuffer(value) });
    if (this.queue.length >= this.options.maxBatch) {
      this.flushSoon(0);
    } else if (this.lingerTimer === undefined) {
      this.flushSoon(this.options.lingerMs);
    }
  }

  /**
   * For writes a caller must see acknowledged (configuration changes): sent
   * straight to Kafka, never spooled; rejects when Kafka does not confirm.
   */
  async publishAndWait(topic: string, key: string, value: Uint8Array): Promise<void> {
    await this.kafkaAnswer(this.producer.send({ topic, acks: -1, messages: [{ key, value: toBuffer(value) }] }));
    this.published.inc({ topic });
  }

  private kafkaAnswer<T>(call: Promise<T>): Promise<T> {
    const ms = this.options.sendTimeoutMs;
    return withTimeout(call, ms, `Kafka did not answer within ${ms} ms`);
  }

  /** Sends what is queued; what Kafka doesn't take stays in the spool for the next start. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    if (this.drainTimer) clearTimeout(this.drainTimer);
    this.lingerTimer = undefined;
    this.drainTimer = undefined;
    await this.inFlight;
    while (this.queue.length > 0) await this.flush();
    this.stopped = true;
    await this.producer.disconnect().catch(() => undefined);
    this.log.info({ spoolBytes: this.spool.bytes }, 'event publisher stopped');
  }

  private flushSoon(delayMs: number): void {
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.lingerTimer = setTimeout(() => {
      this.lingerTimer = undefined;
      void this.flush();
    }, delayMs);
    this.lingerTimer.unref();
  }

  private flush(): Promise<void> {
    this.inFlight = this.inFlight.then(() => this.flushOnce());
    return this.inFlight;
  }

  private async flushOnce(): Promise<void> {
    const batch = this.queue.splice(0, this.options.maxBatch);
    if (batch.length === 0) return;
    if (this.kafkaHealthy && !this.spool.hasPending()) {
      try {
        await this.send(batch);
        if (this.queue.length > 0) this.flushSoon(0);
        return;
      } catch (error) {
        this.kafkaHealthy = false;
        this.log.warn({ err: error, events: batch.length }, 'Kafka send failed; spooling events to disk');
      }
    }
    await this.toSpool(batch);
    if (this.queue.length > 0) this.flushSoon(0);
  }

  private async toSpool(batch: SpooledRecord[]): Promise<void> {
    try {
      await this.spool.append(batch);
      for (const r of batch) this.spooled.inc({ topic: r.topic });
    } catch (error) {
      this.log.error({ err: error, events: batch.length }, 'could not write events to the spool');
      this.queue.unshift(...batch);
    }
  }

  private async send(batch: readonly SpooledRecord[]): Promise<void> {
    const byTopic = new Map<string, { key: string; value: Buffer }[]>();
    for (const r of batch) {
      let list = byTopic.get(r.topic);
      if (!list) byTopic.set(r.topic, (list = []));
      list.push({ key: r.key, value: r.value });
    }
    await this.kafkaAnswer(
      this.producer.sendBatch({
        acks: -1,
        compression: CompressionTypes.None,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      }),
    );
    for (const [topic, messages] of byTopic) this.published.inc({ topic }, messages.length);
  }

  private scheduleDrain(delayMs: number): void {
    if (this.stopping) return;
    this.drainTimer = setTimeout(() => void this.drain(), delayMs);
    // The service's servers keep the process alive; this timer must not.
    this.drainTimer.unref();
  }

  /** Also the recovery probe: a successful drain (or connect) marks Kafka healthy again. */
  private async drain(): Promise<void> {
    if (this.draining || this.stopping) return;
    this.draining = true;
    let next = this.options.drainIntervalMs;
    try {
      if (!this.kafkaHealthy && !this.spool.hasPending()) {
        await this.kafkaAnswer(this.producer.connect());
        this.kafkaHealthy = true;
        this.log.info('Kafka reachable again');
      }
      const segment = await this.spool.takeOldest();
      if (segment) {
        if (segment.corruptTailBytes > 0) {
          this.log.warn({ bytes: segment.corruptTailBytes }, 'spool segment had a torn tail (crash mid-write); dropped it');
        }
        for (let i = 0; i < segment.records.length; i += this.options.maxBatch) {
          await this.send(segment.records.slice(i, i + this.options.maxBatch));
        }
        await segment.remove();
        this.log.info({ events: segment.records.length, spoolBytesLeft: this.spool.bytes }, 'drained a spool segment to Kafka');
        this.kafkaHealthy = true;
        next = this.spool.hasPending() ? 0 : this.options.drainIntervalMs;
      }
    } catch (error) {
      this.kafkaHealthy = false;
      this.log.debug({ err: error }, 'Kafka still unavailable; spool kept');
    } finally {
      this.draining = false;
      this.scheduleDrain(next);
    }
  }
}

function toBuffer(value: Uint8Array): Buffer {
  return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}
