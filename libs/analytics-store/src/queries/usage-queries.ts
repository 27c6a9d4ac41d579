import type { ClickHouseClient } from '@clickhouse/client';
import type { BillingSpendRow, DailyCredentialUsage, UsageQuerySpec } from '@switchyard/usage-accounting';
import { identifier, integerLiteral, stringLiteral } from '../sql/sql-literals';

/** One row of a usage answer: the group's dimension values and its sums. */
export interface UsageResultRow {
  readonly dimensions: Record<string, string>;
  readonly requests: number;
  readonly errors: number;
  readonly attempts: number;
  readonly input_tokens: number;
  readonly output_tokens: number;
  readonly cached_input_tokens: number;
  readonly cost_micro_usd: number;
  readonly shadow_cost_micro_usd: number;
}

const TIME_COLUMN = { minute: 'minute', hour: 'hour', day: 'day' } as const;

/**
 * Costs are summed exactly in nano-USD and shown in whole micro-USD, rounded
 * half up once per answer row (docs/analytics.md): a thousand 0.1 µ$ calls
 * make 100 µ$, not 0.
 */
const MICRO_OF_NANO_SUM = (column: string, condition?: string): string =>
  `intDiv(${condition ? `sumIf(${column}, ${condition})` : `sum(${column})`} + 500, 1000)`;

/**
 * The SQL for a validated usage query. The tenant filter is always the first
 * condition and comes only from the spec, never from a group_by; sums are
 * aliased with names no column has (old ClickHouse resolves aliases
 * everywhere in a query).
 */
export function usageSql(database: string, q: UsageQuerySpec): string {
  const table = `${identifier(database)}.${identifier(`usage_by_${q.granularity}`)}`;
  const time = TIME_COLUMN[q.granularity];
  const fromDay = new Date(q.fromMs).toISOString().slice(0, 10);
  const toDay = new Date(q.toMs).toISOString().slice(0, 10);
  const selected = q.groupBy.map((d) => {
    if (d === 'minute') return 'toString(minute) AS g_minute';
    if (d === 'hour') return `toString(toStartOfHour(${time})) AS g_hour`;
    if (d === 'day') return `toString(${q.granularity === 'day' ? 'day' : `toDate(${time})`}) AS g_day`;
    return `${identifier(d)} AS g_${d}`;
  });
  const timeFilter =
    q.granularity === 'day'
      ? `day >= toDate(${stringLiteral(fromDay)}) AND day < toDate(${stringLiteral(toDay)})`
      : `day >= toDate(${stringLiteral(fromDay)}) AND day <= toDate(${stringLiteral(toDay)}) AND ${time} >= toDateTime(${integerLiteral(q.fromMs / 1000)}) AND ${time} < toDateTime(${integerLiteral(q.toMs / 1000)})`;
  const groups = q.groupBy.map((d) => `g_${d}`);
  return `SELECT ${[
    ...selected,
    'sum(requests) AS n_requests',
    'sum(errors) AS n_errors',
    'sum(attempts) AS n_attempts',
    'sum(input_tokens) AS n_input_tokens',
    'sum(output_tokens) AS n_output_tokens',
    'sum(cached_input_tokens) AS n_cached_input_tokens',
    `${MICRO_OF_NANO_SUM('cost_nano_usd')} AS n_cost`,
    `${MICRO_OF_NANO_SUM('cost_nano_usd', 'shadow = 1')} AS n_shadow_cost`,
  ].join(', ')}
FROM ${table}
WHERE tenant_id = ${stringLiteral(q.tenantId)} AND ${timeFilter}
${groups.length > 0 ? `GROUP BY ${groups.join(', ')}\nORDER BY ${groups.join(', ')}` : ''}
LIMIT 10000`;
}

export async function queryUsage(client: ClickHouseClient, database: string, q: UsageQuerySpec): Promise<UsageResultRow[]> {
  const rows = await (await client.query({ query: usageSql(database, q), format: 'JSONEachRow' })).json<Record<string, string | number>>();
  const names = q.groupBy.map((d) => ({ column: `g_${d}`, name: d.replace(/_id$/, '') }));
  return rows.map((r) => ({
    dimensions: Object.fromEntries(names.map(({ column, name }) => [name, String(r[column] ?? '')])),
    requests: Number(r['n_requests']),
    errors: Number(r['n_errors']),
    attempts: Number(r['n_attempts']),
    input_tokens: Number(r['n_input_tokens']),
    output_tokens: Number(r['n_output_tokens']),
    cached_input_tokens: Number(r['n_cached_input_tokens']),
    cost_micro_usd: Number(r['n_cost']),
    shadow_cost_micro_usd: Number(r['n_shadow_cost']),
  }));
}

/**
 * A tenant's month of attempts from the daily rollup, per plan, feature,
 * deployment and public model, with the upstream model (the billing view).
 */
export function billingSql(database: string, tenantId: string, monthStartMs: number, monthEndMs: number): string {
  const from = new Date(monthStartMs).toISOString().slice(0, 10);
  const to = new Date(monthEndMs).toISOString().slice(0, 10);
  return `SELECT plan_id, feature, provider, deployment_id, public_model, model,
  sum(requests) AS n_requests, sum(attempts) AS n_attempts,
  sum(input_tokens) AS n_input_tokens, sum(output_tokens) AS n_output_tokens,
  ${MICRO_OF_NANO_SUM('cost_nano_usd')} AS n_cost, ${MICRO_OF_NANO_SUM('cost_nano_usd', 'shadow = 1')} AS n_shadow_cost
FROM ${identifier(database)}.usage_by_day
WHERE tenant_id = ${stringLiteral(tenantId)} AND day >= toDate(${stringLiteral(from)}) AND day < toDate(${stringLiteral(to)})
GROUP BY plan_id, feature, provider, deployment_id, public_model, model
ORDER BY feature, provider, public_model, deployment_id, model, plan_id`;
}

export async function queryBillingSpend(
  client: ClickHouseClient,
  database: string,
  tenantId: string,
  monthStartMs: number,
  monthEndMs: number,
): Promise<BillingSpendRow[]> {
  const rows = await (
    await client.query({ query: billingSql(database, tenantId, monthStartMs, monthEndMs), format: 'JSONEachRow' })
  ).json<Record<string, string | number>>();
  return rows.map((r) => ({
    plan_id: String(r['plan_id']),
    feature: String(r['feature']),
    provider: String(r['provider']),
    deployment_id: String(r['deployment_id']),
    model: String(r['public_model']),
    upstream_model: String(r['model']),
    requests: Number(r['n_requests']),
    attempts: Number(r['n_attempts']),
    input_tokens: Number(r['n_input_tokens']),
    output_tokens: Number(r['n_output_tokens']),
    cost_micro_usd: Number(r['n_cost']),
    shadow_cost_micro_usd: Number(r['n_shadow_cost']),
  }));
}

/**
 * What metering stored per provider credential on one UTC day, from the raw
 * attempts (shadow calls included: the provider billed them too). FINAL keeps
 * a redelivered event from counting twice before merges run.
 */
export function meteredByCredentialSql(database: string, day: string): string {
  return `SELECT provider, credential_ref, sum(input_tokens) AS n_input, sum(output_tokens) AS n_output, sum(cached_input_tokens) AS n_cached,
  sum(reasoning_tokens) AS n_reasoning
FROM ${identifier(database)}.usage_events FINAL
WHERE day = toDate(${stringLiteral(day)})
GROUP BY provider, credential_ref
ORDER BY provider, credential_ref`;
}

export async function queryMeteredByCredential(client: ClickHouseClient, database: string, day: string): Promise<DailyCredentialUsage[]> {
  const rows = await (
    await client.query({ query: meteredByCredentialSql(database, day), format: 'JSONEachRow' })
  ).json<Record<string, string | number>>();
  return rows.map((r) => ({
    provider: String(r['provider']),
    credential: String(r['credential_ref']),
    day,
    inputTokens: Number(r['n_input']),
    outputTokens: Number(r['n_output']),
    cachedInputTokens: Number(r['n_cached']),
    reasoningTokens: Number(r['n_reasoning']),
  }));
}
