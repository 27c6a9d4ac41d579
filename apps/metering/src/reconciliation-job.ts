import type { Log, ManagedComponent, UtcTimeOfDay } from '@switchyard/platform';
import { nextDailyRunMs, previousUtcDay } from '@switchyard/platform';
import { Counter, Registry } from 'prom-client';
import type { UsageReconciliation } from './usage-reconciliation';

type Outcome = 'ok' | 'flagged' | 'failed';

/**
 * Reconciles the previous UTC day once a day at a set UTC time (and, when
 * asked, once at startup): the report is logged as JSON, its drift lands on
 * switchyard_usage_reconciliation_drift_ratio, and every run is counted in
 * switchyard_usage_reconciliation_runs_total{outcome}. The report only reads,
 * so several replicas running it is harmless (docs/analytics.md).
 */
export class ReconciliationJob implements ManagedComponent {
  readonly name = 'usage-reconciliation-job';
  readonly stopPhase = 'outlet' as const;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private readonly runs: Counter<'outcome'>;

  constructor(
    private readonly reconciliation: UsageReconciliation,
    private readonly at: UtcTimeOfDay | null,
    private readonly runOnStart: boolean,
    private readonly log: Log,
    metrics: Registry,
    private readonly now: () => number = Date.now,
  ) {
    this.runs = new Counter({
      name: 'switchyard_usage_reconciliation_runs_total',
      help: 'Scheduled usage reconciliations by outcome: ok, flagged (drift above threshold) or failed (a provider report unreadable, or the run threw).',
      labelNames: ['outcome'],
      registers: [metrics],
    });
    // Every outcome exported from the start, so increase() sees the first failure.
    for (const outcome of ['ok', 'flagged', 'failed'] as const) this.runs.inc({ outcome }, 0);
  }

  async start(): Promise<void> {
    if (this.at === null) this.log.info({}, 'scheduled usage reconciliation is off (USAGE_RECONCILIATION_SCHEDULE_UTC=off)');
    if (this.runOnStart) await this.runOnce();
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    if (this.at === null || this.stopped) return;
    const delay = nextDailyRunMs(this.now(), this.at) - this.now();
    // A timer, not an interval: each run is re-aimed at the wall clock, so drift never accumulates.
    this.timer = setTimeout(() => void this.runOnce().then(() => this.schedule()), Math.max(delay, 0));
    this.timer.unref();
  }

  private runOnce(): Promise<void> {
    this.running = this.reconcile();
    return this.running;
  }

  private async reconcile(): Promise<void> {
    const day = previousUtcDay(this.now());
    let outcome: Outcome;
    try {
      const report = await this.reconciliation.report(day);
      outcome = report.errors.length > 0 ? 'failed' : report.flagged > 0 ? 'flagged' : 'ok';
      this.log.info({ outcome, report }, 'scheduled usage reconciliation');
    } catch (error) {
      outcome = 'failed';
      this.log.warn({ outcome, day, err: error }, 'scheduled usage reconciliation failed');
    }
    this.runs.inc({ outcome });
  }
}
