import type { ClickHouseClient } from '@clickhouse/client';
import { queryMeteredByCredential } from '@switchyard/analytics-store';
import { ApiError } from '@switchyard/api-errors';
import type { Log } from '@switchyard/platform';
import { reconcileUsage, reportedUsage, usageReportRequest } from '@switchyard/usage-accounting';
import type { DriftThreshold, ReconciliationLine, UsageReportSource } from '@switchyard/usage-accounting';
import { Gauge, Registry } from 'prom-client';

export interface ReconciliationReport {
  object: 'usage_reconciliation';
  day: string;
  threshold: DriftThreshold;
  flagged: number;
  lines: ReconciliationLine[];
  /** Sources whose report could not be read (the lines of their credentials are then missing the provider side). */
  errors: Array<{ provider: string; message: string }>;
}

/**
 * The reconciliation report: for one UTC day, what metering stored per
 * provider credential against each configured provider's usage API. Each
 * line's drift is exported as switchyard_usage_reconciliation_drift_ratio so
 * an alert fires on drift nobody asked about.
 */
export class UsageReconciliation {
  private readonly drift: Gauge<'credential' | 'provider'>;

  constructor(
    private readonly clickhouse: ClickHouseClient,
    private readonly database: string,
    private readonly sources: readonly UsageReportSource[],
    private readonly threshold: DriftThreshold,
    private readonly log: Log,
    metrics: Registry,
    private readonly fetchFn: typeof fetch = fetch,
  ) {
    this.drift = new Gauge({
      name: 'switchyard_usage_reconciliation_drift_ratio',
      help: 'Largest token drift between metered usage and the provider usage API, per credential, on the last reconciled day (docs/analytics.md).',
      labelNames: ['credential', 'provider'],
      registers: [metrics],
    });
  }

  async report(day: string): Promise<ReconciliationReport> {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)))
      throw ApiError.invalidRequest('date must be a UTC day, YYYY-MM-DD.', 'date', 'invalid_value');
    const providers = new Set(this.sources.map((s) => s.provider));
    const metered = (await queryMeteredByCredential(this.clickhouse, this.database, day)).filter((m) =>
      providers.has(m.provider as 'openai'),
    );
    const errors: ReconciliationReport['errors'] = [];
    const reported = (
      await Promise.all(
        this.sources.map(async (source) => {
          try {
            const req = usageReportRequest(source, day);
            const res = await this.fetchFn(req.url, { headers: req.headers, signal: AbortSignal.timeout(10_000) });
            if (!res.ok) throw new Error(`usage API answered ${res.status}`);
            return reportedUsage(source, await res.json());
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            this.log.warn({ provider: source.provider, err: message }, 'could not read a provider usage report');
            errors.push({ provider: source.provider, message });
            return [];
          }
        }),
      )
    ).flat();
    const lines = reconcileUsage(metered, reported, this.threshold);
    for (const line of lines) this.drift.set({ credential: line.credential, provider: line.provider }, line.driftRatio);
    return {
      object: 'usage_reconciliation',
      day,
      threshold: this.threshold,
      flagged: lines.filter((l) => l.flagged).length,
      lines,
      errors,
    };
  }
}
