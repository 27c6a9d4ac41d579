import type { MigrationSet } from '../migrations/migration';
import { LEDGER_MIGRATION } from './ledger-schema';
import { EXACT_COST_MIGRATION, METERED_UNITS_MIGRATION, PUBLIC_MODEL_MIGRATION, ROLLUP_MIGRATION } from './rollup-schema';

// Timestamps are epoch ms in UInt64; ts/day are derived, so inserts never
// format dates. Tables are ReplacingMergeTree keyed by event_id as a safety
// net; writers also skip event ids already stored before inserting, which is
// what keeps materialized-view aggregates free of double counts.
const TIME_COLUMNS = `
  occurred_at_ms UInt64,
  ts DateTime('UTC') MATERIALIZED toDateTime(intDiv(occurred_at_ms, 1000), 'UTC'),
  day Date MATERIALIZED toDate(toDateTime(intDiv(occurred_at_ms, 1000), 'UTC'))`;

const CONTEXT_COLUMNS = `
  request_id String,
  tenant_id String,
  api_key_id String,
  plan_id String,
  feature String,
  environment String,
  end_user String,
  region String`;

const USAGE_COLUMNS = `
  input_tokens UInt64,
  output_tokens UInt64,
  cached_input_tokens UInt64,
  cache_write_tokens UInt64,
  reasoning_tokens UInt64,
  usage_estimated UInt8,
  cost_micro_usd UInt64`;

export const USAGE_SCHEMA: MigrationSet = {
  owner: 'metering',
  migrations: [
    {
      version: 1,
      name: 'raw attempt and request tables',
      statements: [
        `CREATE TABLE IF NOT EXISTS {db}.usage_events (
          event_id String,${TIME_COLUMNS},${CONTEXT_COLUMNS},
          endpoint String,
          deployment_id String,
          provider String,
          upstream_model String,
          requested_model String,
          policy String,
          alias String,
          arm String,
          attempt_number UInt32,
          shadow UInt8,
          stream UInt8,${USAGE_COLUMNS},
          latency_ms UInt32,
          ttft_ms UInt32,
          status String,
          upstream_status UInt16,
          ingested_at_ms UInt64
        ) ENGINE = ReplacingMergeTree(ingested_at_ms)
        PARTITION BY toYYYYMMDD(day)
        ORDER BY (tenant_id, ts, event_id)`,
        `CREATE TABLE IF NOT EXISTS {db}.request_events (
          event_id String,${TIME_COLUMNS},${CONTEXT_COLUMNS},
          endpoint String,
          api_surface String,
          requested_model String,
          stream UInt8,
          http_status UInt16,
          status String,
          error_message String,
          latency_ms UInt32,
          ttft_ms UInt32,
          deployment_id String,
          provider String,
          upstream_model String,
          attempts UInt32,
          policy String,
          alias String,
          arm String,
          queue_wait_ms UInt32,${USAGE_COLUMNS},
          request_bytes UInt64,
          response_bytes UInt64,
          ingested_at_ms UInt64
        ) ENGINE = ReplacingMergeTree(ingested_at_ms)
        PARTITION BY toYYYYMMDD(day)
        ORDER BY (tenant_id, ts, event_id)`,
      ],
    },
    ROLLUP_MIGRATION,
    EXACT_COST_MIGRATION,
    LEDGER_MIGRATION,
    PUBLIC_MODEL_MIGRATION,
    METERED_UNITS_MIGRATION,
  ],
};
