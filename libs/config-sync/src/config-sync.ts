import { ConfigEvent } from '@switchyard/contracts';
import { ConfigState } from '@switchyard/control-plane';
import { LogFollower } from '@switchyard/event-bus';
import type { Log, ManagedComponent, Readiness } from '@switchyard/platform';
import type { Kafka } from 'kafkajs';
import type { Registry } from 'prom-client';

/**
 * Rebuilds a service's configuration from the config topic at start (ready
 * once it has caught up) and keeps applying changes as they are published.
 */
export class ConfigSync implements ManagedComponent {
  readonly name = 'config-sync';
  readonly stopPhase = 'outlet' as const;
  readonly state = new ConfigState();
  private readonly follower: LogFollower;

  constructor(
    kafka: Kafka,
    topic: string,
    readerName: string,
    private readonly log: Log,
    lag?: { registry: Registry; group: string },
  ) {
    this.follower = new LogFollower(kafka, { topic, readerName, lag, onRecord: (key, value) => this.onRecord(key, value) }, log);
  }

  isCaughtUp(): boolean {
    return this.follower.isCaughtUp();
  }

  /**
   * The "config-log" readiness check: ready once caught up, with the offsets
   * applied so far as its detail, so a caller that wrote config can wait until
   * this replica has applied it (the e2e TestStack does) instead of sleeping.
   */
  registerReadiness(readiness: Readiness): void {
    readiness.register(
      'config-log',
      () => this.isCaughtUp(),
      () => ({ appliedOffsets: this.follower.nextOffsets() }),
    );
  }

  start(): Promise<void> {
    return this.follower.start();
  }

  stop(): Promise<void> {
    return this.follower.stop();
  }

  private onRecord(key: string, value: Buffer | null): void {
    if (value === null) return;
    try {
      this.state.apply(ConfigEvent.decode(value));
    } catch (error) {
      this.log.error({ err: error, key }, 'skipped an unreadable config event');
    }
  }
}
