import type { ClickHouseClient } from '@clickhouse/client';
import { InsertMetrics, insertNewRows } from '@switchyard/analytics-store';
import { RequestEvent, UsageEvent } from '@switchyard/contracts';
import type { BatchContext } from '@switchyard/event-bus';
import { checkUsage, requestRow, usageRow } from '@switchyard/usage-accounting';
import type { Log } from '@switchyard/platform';
import type { KafkaMessage } from 'kafkajs';
import { Counter, Registry } from 'prom-client';

/**
 * Turns a batch of request or usage events into ClickHouse rows, at the costs
 * the events carry, and inserts the ones not stored yet. Throwing makes the consumer redeliver the
 * batch, so a ClickHouse outage delays rows but never loses them.
 */
export class UsageWriter {
  private readonly written: Counter<'table'>;
  private readonly skipped: Counter<'reason'>;
  private readonly violations: Counter<'rule' | 'provider'>;
  private readonly inserts: Record<'usage_events' | 'request_events', InsertMetrics>;

  constructor(
    private readonly clickhouse: ClickHouseClient,
    private readonly database: string,
    private readonly topics: { requests: string; usage: string },
    private readonly log: Log,
    metrics: Registry,
    /** Events older than this many days are dropped: their raw partition may be gone, so re-inserting would double the rollups. */
    private readonly maxAgeDays = 90,
  ) {
    this.written = new Counter({
      name: 'switchyard_metering_rows_written_total',
      help: 'Rows inserted into ClickHouse.',
      labelNames: ['table'],
      registers: [metrics],
    });
    this.skipped = new Counter({
      name: 'switchyard_metering_events_skipped_total',
      help: 'Events not written (duplicates or unreadable).',
      labelNames: ['reason'],
      registers: [metrics],
    });
    this.inserts = {
      usage_events: new InsertMetrics(metrics, 'usage_events'),
      request_events: new InsertMetrics(metrics, 'request_events'),
    };
    this.violations = new Counter({
      name: 'switchyard_usage_invariant_violations_total',
      help: 'Usage events that broke a ledger invariant; stored corrected and flagged estimated (docs/analytics.md).',
      labelNames: ['rule', 'provider'],
      registers: [metrics],
    });
  }

  async write(messages: readonly KafkaMessage[], context: BatchContext): Promise<void> {
    const now = Date.now();
    if (context.topic === this.topics.usage) {
      const rows = this.decode(messages, UsageEvent.decode).map((e) => usageRow(this.checked(e), now));
      await this.insert('usage_events', rows);
    } else if (context.topic === this.topics.requests) {
      const rows = this.decode(messages, RequestEvent.decode).map((e) => requestRow(e, now));
      await this.insert('request_events', rows);
    }
  }

  private async insert<R extends { event_id: string; occurred_at_ms: number }>(
    table: 'usage_events' | 'request_events',
    all: R[],
  ): Promise<void> {
    const oldest = Date.now() - (this.maxAgeDays - 1) * 86_400_000;
    const rows = all.filter((r) => r.occurred_at_ms >= oldest);
    if (rows.length < all.length) {
      this.skipped.inc({ reason: 'expired' }, all.length - rows.length);
      this.log.warn({ table, events: all.length - rows.length }, 'dropped events older than raw retention');
    }
    const inserted = await insertNewRows(this.clickhouse, this.database, table, rows, this.inserts[table]);
    this.written.inc({ table }, inserted);
    if (rows.length > inserted) this.skipped.inc({ reason: 'duplicate' }, rows.length - inserted);
  }

  /** Never stores a broken count silently: corrects it, flags it, counts and logs each broken rule. */
  private checked(event: UsageEvent): UsageEvent {
    if (!event.usage) return event;
    const { usage, violations } = checkUsage(event.usage);
    if (violations.length === 0) return event;
    for (const rule of violations) this.violations.inc({ rule, provider: event.provider });
    this.log.warn(
      { eventId: event.meta?.eventId, provider: event.provider, violations },
      'usage broke a ledger invariant; stored corrected',
    );
    return { ...event, usage };
  }

  private decode<T>(messages: readonly KafkaMessage[], decode: (bytes: Uint8Array) => T): T[] {
    const out: T[] = [];
    for (const m of messages) {
      if (!m.value) continue;
      try {
        out.push(decode(m.value));
      } catch (error) {
        // A record no reader can decode would block its partition forever: log it, count it, move on.
        this.skipped.inc({ reason: 'unreadable' });
        this.log.error({ err: error, offset: m.offset }, 'skipped an unreadable event');
      }
    }
    return out;
  }
}
