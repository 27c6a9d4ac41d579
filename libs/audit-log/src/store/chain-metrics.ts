import { Counter, Gauge, Registry } from 'prom-client';

export type ChainErrorKind = 'write' | 'unreadable';

/**
 * How far the audit chain is behind the config events the audit service has
 * received, and what went wrong chaining them. Lag is 0 while every received
 * event is chained; otherwise the age of the oldest one still waiting (a
 * failing batch is redelivered, so its lag keeps growing until it lands).
 */
export class ChainMetrics {
  private oldestPendingMs: number | undefined;
  private readonly errors: Record<ChainErrorKind, ReturnType<Counter<'kind'>['labels']>>;
  private readonly entries: Counter;

  constructor(registry: Registry, now: () => number = Date.now) {
    const errors = new Counter({
      name: 'switchyard_audit_chain_errors_total',
      help: 'Audit chain errors by kind: write (a batch could not be chained or stored; redelivered), unreadable (an event skipped).',
      labelNames: ['kind'],
      registers: [registry],
    });
    this.errors = { write: errors.labels({ kind: 'write' }), unreadable: errors.labels({ kind: 'unreadable' }) };
    for (const child of Object.values(this.errors)) child.inc(0);
    this.entries = new Counter({
      name: 'switchyard_audit_chain_entries_total',
      help: 'Entries appended to the audit hash chain.',
      registers: [registry],
    });
    const pending = (): number | undefined => this.oldestPendingMs;
    new Gauge({
      name: 'switchyard_audit_chain_lag_seconds',
      help: 'Age of the oldest received config event not yet in the audit chain (0 when all are chained).',
      registers: [registry],
      collect(this: Gauge) {
        const since = pending();
        this.set(since === undefined ? 0 : Math.max(0, (now() - since) / 1000));
      },
    });
  }

  received(occurredAtMs: readonly number[]): void {
    if (this.oldestPendingMs !== undefined || occurredAtMs.length === 0) return;
    this.oldestPendingMs = Math.min(...occurredAtMs);
  }

  chained(entries: number): void {
    this.entries.inc(entries);
    this.oldestPendingMs = undefined;
  }

  failed(kind: ChainErrorKind): void {
    this.errors[kind].inc();
  }
}
