import { BudgetAlertRecord } from '@switchyard/contracts';
import { LogFollower } from '@switchyard/event-bus';
import type { AcknowledgedAppend } from '@switchyard/config-sync';
import type { Log, ManagedComponent } from '@switchyard/platform';
import type { Kafka } from 'kafkajs';
import type { Registry } from 'prom-client';

/**
 * Which alerts exist and how far their delivery got, kept in the compacted
 * budget-alerts.v1 topic (latest record per alert id). Read in full at start,
 * so a restarted enforcer neither re-sends a delivered alert nor forgets a
 * pending one.
 */
export class AlertStore implements ManagedComponent {
  readonly name = 'alert-store';
  readonly stopPhase = 'outlet' as const;
  private readonly records = new Map<string, BudgetAlertRecord>();
  private readonly follower: LogFollower;

  constructor(
    kafka: Kafka,
    private readonly topic: string,
    private readonly append: AcknowledgedAppend,
    readerName: string,
    private readonly log: Log,
    lag?: { registry: Registry; group: string },
  ) {
    this.follower = new LogFollower(kafka, { topic, readerName, lag, onRecord: (_key, value) => this.onRecord(value) }, log);
  }

  isCaughtUp(): boolean {
    return this.follower.isCaughtUp();
  }

  start(): Promise<void> {
    return this.follower.start();
  }

  stop(): Promise<void> {
    return this.follower.stop();
  }

  get(alertId: string): BudgetAlertRecord | undefined {
    return this.records.get(alertId);
  }

  all(): BudgetAlertRecord[] {
    return [...this.records.values()];
  }

  /** Durably records the alert's state (Kafka acknowledged) before the caller moves on. */
  async put(record: BudgetAlertRecord): Promise<void> {
    await this.append.publishAndWait(this.topic, record.alertId, BudgetAlertRecord.encode(record).finish());
    this.records.set(record.alertId, record);
  }

  private onRecord(value: Buffer | null): void {
    if (!value) return;
    try {
      const record = BudgetAlertRecord.decode(value);
      const known = this.records.get(record.alertId);
      if (!known || known.updatedAtMs <= record.updatedAtMs) this.records.set(record.alertId, record);
    } catch (error) {
      this.log.error({ err: error }, 'skipped an unreadable alert record');
    }
  }
}
