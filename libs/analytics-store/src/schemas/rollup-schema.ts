import type { Migration } from '../migrations/migration';

/**
 * Rollups for analysts: per minute, hour and day, one family over attempts
 * (usage_events: cost and tokens, fallbacks and shadow calls included) and one
 * over client requests (request_events: latency, errors, throttling).
 *
 * Each rollup is a SummingMergeTree fed by a materialized view on the raw
 * table. A view sees exactly the rows of each INSERT into the raw table, and
 * metering inserts only event ids not stored yet, so a redelivered Kafka batch
 * reaches no view twice: rollups never double count. Counters are summed on
 * merge; latency quantiles are AggregateFunction states merged with
 * quantilesMerge. Queries must still GROUP BY (merges are eventual).
 *
 * Old ClickHouse resolves a SELECT alias everywhere in the query, so no
 * measure may be aliased to a raw column another expression reads (hence
 * queue_wait_ms_total, not queue_wait_ms).
 */
interface Grain {
  readonly suffix: 'minute' | 'hour' | 'day';
  /** Bucket column definition (absent for day: the day column is the bucket). */
  readonly column?: string;
  readonly expr?: string;
}

const GRAINS: readonly Grain[] = [
  { suffix: 'minute', column: "minute DateTime('UTC')", expr: 'toStartOfMinute(ts)' },
  { suffix: 'hour', column: "hour DateTime('UTC')", expr: 'toStartOfHour(ts)' },
  { suffix: 'day' },
];

const Q = '0.5, 0.95, 0.99';

interface Family {
  readonly table: 'usage' | 'requests';
  readonly source: 'usage_events' | 'request_events';
  /** [column definition, select expression] for each dimension, in sort-key order after tenant and time. */
  readonly dimensions: readonly (readonly [string, string])[];
  readonly measures: readonly (readonly [string, string])[];
}

const USAGE: Family = {
  table: 'usage',
  source: 'usage_events',
  dimensions: [
    ['feature String', 'feature'],
    ['plan_id String', 'plan_id'],
    ['api_key_id String', 'api_key_id'],
    ['region String', 'region'],
    ['provider String', 'provider'],
    ['model String', 'upstream_model'],
    ['deployment_id String', 'deployment_id'],
    ['arm String', 'arm'],
    ['shadow UInt8', 'shadow'],
    ['status String', 'status'],
  ],
  measures: [
    ['attempts UInt64', 'count()'],
    ['requests UInt64', 'countIf(attempt_number <= 1 AND shadow = 0)'],
    ['errors UInt64', "countIf(status != 'ok')"],
    ['input_tokens UInt64', 'sum(input_tokens)'],
    ['output_tokens UInt64', 'sum(output_tokens)'],
    ['cached_input_tokens UInt64', 'sum(cached_input_tokens)'],
    ['reasoning_tokens UInt64', 'sum(reasoning_tokens)'],
    ['cost_micro_usd UInt64', 'sum(cost_micro_usd)'],
    [`latency_ms_quantiles AggregateFunction(quantiles(${Q}), UInt32)`, `quantilesState(${Q})(latency_ms)`],
    [`ttft_ms_quantiles AggregateFunction(quantilesIf(${Q}), UInt32, UInt8)`, `quantilesIfState(${Q})(ttft_ms, ttft_ms > 0)`],
  ],
};

const REQUESTS: Family = {
  table: 'requests',
  source: 'request_events',
  dimensions: [
    ['feature String', 'feature'],
    ['plan_id String', 'plan_id'],
    ['api_key_id String', 'api_key_id'],
    ['region String', 'region'],
    ['endpoint String', 'endpoint'],
    ['model String', 'requested_model'],
    ['provider String', 'provider'],
    ['deployment_id String', 'deployment_id'],
    ['arm String', 'arm'],
    ['stream UInt8', 'stream'],
    ['status String', 'status'],
    ['http_status UInt16', 'http_status'],
  ],
  measures: [
    ['requests UInt64', 'count()'],
    ['errors UInt64', "countIf(status != 'ok')"],
    ['throttled UInt64', 'countIf(http_status = 429)'],
    ['queued UInt64', 'countIf(queue_wait_ms > 0)'],
    ['queue_wait_ms_total UInt64', 'sum(queue_wait_ms)'],
    ['fallbacks UInt64', 'countIf(attempts > 1)'],
    ['input_tokens UInt64', 'sum(input_tokens)'],
    ['output_tokens UInt64', 'sum(output_tokens)'],
    ['cost_micro_usd UInt64', 'sum(cost_micro_usd)'],
    [`latency_ms_quantiles AggregateFunction(quantiles(${Q}), UInt32)`, `quantilesState(${Q})(latency_ms)`],
    [`ttft_ms_quantiles AggregateFunction(quantilesIf(${Q}), UInt32, UInt8)`, `quantilesIfState(${Q})(ttft_ms, ttft_ms > 0)`],
    [
      `queue_wait_ms_quantiles AggregateFunction(quantilesIf(${Q}), UInt32, UInt8)`,
      `quantilesIfState(${Q})(queue_wait_ms, queue_wait_ms > 0)`,
    ],
  ],
};

export const ROLLUP_FAMILIES = [USAGE, REQUESTS] as const;

export function rollupTable(family: Family, grain: Grain): string {
  return `${family.table}_by_${grain.suffix}`;
}

/** Every rollup table name, e.g. "usage_by_minute". */
export const ROLLUP_TABLES: readonly string[] = ROLLUP_FAMILIES.flatMap((f) => GRAINS.map((g) => rollupTable(f, g)));

function bucket(grain: Grain): { columns: string; keys: string; select: string } {
  if (!grain.column || !grain.expr) return { columns: 'day Date', keys: 'day', select: 'day' };
  const name = grain.column.split(' ')[0]!;
  return { columns: `${grain.column},\n  day Date`, keys: `${name}, day`, select: `${grain.expr} AS ${name}, day` };
}

function createTable(family: Family, grain: Grain): string {
  const b = bucket(grain);
  const timeKey = grain.column ? grain.column.split(' ')[0] : 'day';
  return `CREATE TABLE IF NOT EXISTS {db}.${rollupTable(family, grain)} (
  ${b.columns},
  tenant_id String,
  ${family.dimensions.map(([c]) => c).join(',\n  ')},
  ${family.measures.map(([c]) => c).join(',\n  ')}
) ENGINE = SummingMergeTree
PARTITION BY toYYYYMMDD(day)
ORDER BY (tenant_id, ${timeKey}, ${family.dimensions.map(([c]) => c.split(' ')[0]).join(', ')})`;
}

type Measure = readonly [string, string];

function selectRollup(family: Family, grain: Grain, from: string, measureList: readonly Measure[] = family.measures): string {
  const b = bucket(grain);
  const dims = family.dimensions.map(([c, e]) => `${e} AS ${c.split(' ')[0]}`);
  const measures = measureList.map(([c, e]) => `${e} AS ${c.split(' ')[0]}`);
  return `SELECT ${b.select}, tenant_id, ${dims.join(', ')}, ${measures.join(', ')}
FROM ${from}
GROUP BY ${b.keys}, tenant_id, ${family.dimensions.map(([c]) => c.split(' ')[0]).join(', ')}`;
}

function createView(family: Family, grain: Grain, measures: readonly Measure[] = family.measures): string {
  const table = rollupTable(family, grain);
  return `CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.${table}_mv TO {db}.${table} AS
${selectRollup(family, grain, `{db}.${family.source}`, measures)}`;
}

/**
 * Rows stored before the views existed: copied once, only into a rollup that
 * is still empty (run with metering's writers stopped, as a restart does).
 */
function backfill(family: Family, grain: Grain): string {
  const table = rollupTable(family, grain);
  return `INSERT INTO {db}.${table}
${selectRollup(family, grain, `{db}.${family.source} FINAL`).replace('\nGROUP BY', `\nWHERE (SELECT count() FROM {db}.${table}) = 0\nGROUP BY`)}`;
}

export const ROLLUP_MIGRATION: Migration = {
  version: 2,
  name: 'per-minute, hour and day rollups of attempts and requests',
  statements: ROLLUP_FAMILIES.flatMap((f) => GRAINS.flatMap((g) => [createTable(f, g), createView(f, g), backfill(f, g)])),
};

/**
 * Exact costs (migration 3): every raw and rollup table gains cost_nano_usd,
 * and the views sum it. Rows stored before read it as cost_micro_usd x 1000
 * (ClickHouse computes a new column's default for old parts), so sums over
 * old and new rows stay consistent. The views are dropped and created again
 * (18.16 cannot alter a view's query); migrations run before metering writes.
 */
const COST_NANO: Measure = ['cost_nano_usd UInt64', 'sum(cost_nano_usd)'];
const ADD_COST_NANO = 'ADD COLUMN cost_nano_usd UInt64 DEFAULT cost_micro_usd * 1000';

export const EXACT_COST_MIGRATION: Migration = {
  version: 3,
  name: 'exact costs in nano-USD beside micro-USD',
  statements: [
    `ALTER TABLE {db}.usage_events ${ADD_COST_NANO}`,
    `ALTER TABLE {db}.request_events ${ADD_COST_NANO}`,
    ...ROLLUP_FAMILIES.flatMap((f) =>
      GRAINS.flatMap((g) => [
        `ALTER TABLE {db}.${rollupTable(f, g)} ${ADD_COST_NANO}`,
        `DROP TABLE IF EXISTS {db}.${rollupTable(f, g)}_mv`,
        createView(f, g, [...f.measures, COST_NANO]),
      ]),
    ),
  ],
};

/**
 * Billing by deployment and public model (migration 6): two deployments may
 * share one upstream model name at different public names and prices, so the
 * raw tables and the attempt rollups gain public_model, and the billing view
 * groups by deployment_id and public_model with the upstream model as a
 * column. Rows stored before read the upstream name (their former billing
 * key). In a rollup public_model is not part of the sort key: it is a function
 * of deployment_id, which is (a deployment renamed within a bucket keeps one
 * of its names there).
 */
const PUBLIC_MODEL: Family = { ...USAGE, dimensions: [...USAGE.dimensions, ['public_model String', 'public_model']] };

export const PUBLIC_MODEL_MIGRATION: Migration = {
  version: 6,
  name: 'public model on raw usage and attempt rollups',
  statements: [
    `ALTER TABLE {db}.usage_events ADD COLUMN public_model String DEFAULT upstream_model`,
    `ALTER TABLE {db}.request_events ADD COLUMN public_model String DEFAULT upstream_model`,
    ...GRAINS.flatMap((g) => [
      `ALTER TABLE {db}.${rollupTable(USAGE, g)} ADD COLUMN public_model String DEFAULT model`,
      `DROP TABLE IF EXISTS {db}.${rollupTable(USAGE, g)}_mv`,
      createView(PUBLIC_MODEL, g, [...PUBLIC_MODEL.measures, COST_NANO]),
    ]),
  ],
};

/**
 * Non-token units (migration 7): a call the provider prices per minute of
 * audio, per character or per image carries that quantity on its usage; the
 * raw tables keep unit, quantity and price variant (image size/quality), and
 * the attempt rollups sum each unit on its own. Old rows read no unit.
 */
const ADD_METERED =
  "ADD COLUMN metered_unit String DEFAULT '', ADD COLUMN metered_quantity UInt64 DEFAULT 0, ADD COLUMN metered_variant String DEFAULT ''";
const METERED: readonly Measure[] = [
  ['audio_ms UInt64', "sumIf(metered_quantity, metered_unit = 'audio_ms')"],
  ['input_characters UInt64', "sumIf(metered_quantity, metered_unit = 'character')"],
  ['images UInt64', "sumIf(metered_quantity, metered_unit = 'image')"],
];

export const METERED_UNITS_MIGRATION: Migration = {
  version: 7,
  name: 'audio minutes, characters and images on usage and attempt rollups',
  statements: [
    `ALTER TABLE {db}.usage_events ${ADD_METERED}`,
    `ALTER TABLE {db}.request_events ${ADD_METERED}`,
    ...GRAINS.flatMap((g) => [
      `ALTER TABLE {db}.${rollupTable(USAGE, g)} ${METERED.map(([c]) => `ADD COLUMN ${c} DEFAULT 0`).join(', ')}`,
      `DROP TABLE IF EXISTS {db}.${rollupTable(USAGE, g)}_mv`,
      createView(PUBLIC_MODEL, g, [...PUBLIC_MODEL.measures, COST_NANO, ...METERED]),
    ]),
  ],
};
