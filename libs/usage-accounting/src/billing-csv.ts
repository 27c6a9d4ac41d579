import type { BillingReport } from '@switchyard/contracts';

const COLUMNS = [
  'row_type',
  'month',
  'tenant_id',
  'feature',
  'provider',
  'deployment_id',
  'model',
  'upstream_model',
  'requests',
  'attempts',
  'input_tokens',
  'output_tokens',
  'cost_usd',
  'cost_micro_usd',
  'shadow_cost_micro_usd',
  'revenue_micro_usd',
  'gross_margin_micro_usd',
  'gross_margin_percent',
] as const;

type Row = Partial<Record<(typeof COLUMNS)[number], string | number>>;

/**
 * The bill as one CSV table (RFC 4180, CRLF): a "line" row per feature,
 * deployment and public model (the upstream model as a column), a "feature" row per feature with revenue and gross margin, and one
 * "total" row. Text cells that a spreadsheet would run as a formula are quoted
 * with a leading apostrophe.
 */
export function billingCsv(report: BillingReport): string {
  const base = { month: report.month, tenant_id: report.tenantId };
  const rows: Row[] = [
    ...report.lines.map((l) => ({
      ...base,
      row_type: 'line',
      feature: l.feature,
      provider: l.provider,
      deployment_id: l.deploymentId,
      model: l.model,
      upstream_model: l.upstreamModel,
      requests: l.requests,
      attempts: l.attempts,
      input_tokens: l.inputTokens,
      output_tokens: l.outputTokens,
      cost_usd: usd(l.costMicroUsd),
      cost_micro_usd: l.costMicroUsd,
      shadow_cost_micro_usd: l.shadowCostMicroUsd,
    })),
    ...report.features.map((f) => ({
      ...base,
      row_type: 'feature',
      feature: f.feature,
      cost_usd: usd(f.costMicroUsd),
      cost_micro_usd: f.costMicroUsd,
      revenue_micro_usd: f.priced ? f.revenueMicroUsd : '',
      gross_margin_micro_usd: f.priced ? f.grossMarginMicroUsd : '',
      gross_margin_percent: f.priced ? (f.grossMarginBps / 100).toFixed(2) : '',
    })),
    {
      ...base,
      row_type: 'total',
      cost_usd: usd(report.totalCostMicroUsd),
      cost_micro_usd: report.totalCostMicroUsd,
      revenue_micro_usd: report.totalRevenueMicroUsd,
      gross_margin_micro_usd: report.totalRevenueMicroUsd - report.totalCostMicroUsd,
    },
  ];
  return [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => cell(r[c])).join(','))].join('\r\n') + '\r\n';
}

function usd(microUsd: number): string {
  return (microUsd / 1_000_000).toFixed(6);
}

function cell(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n']/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
