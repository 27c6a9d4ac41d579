import { clickhouseSettingsSpec } from '@switchyard/analytics-store';
import { kafkaSettingsSpec } from '@switchyard/event-bus';
import {
  SettingsOf,
  boolVar,
  intVar,
  operatorTokenSettingsSpec,
  serviceSettingsSpec,
  stringVar,
  utcTimeOfDayVar,
} from '@switchyard/platform';

export const meteringSettingsSpec = {
  ...serviceSettingsSpec('METERING', 8083, 50063),
  ...kafkaSettingsSpec,
  ...clickhouseSettingsSpec,
  ...operatorTokenSettingsSpec,
  rawRetentionDays: intVar(
    'ANALYTICS_RAW_RETENTION_DAYS',
    'Days of raw usage_events/request_events kept (whole UTC day partitions are dropped after)',
    { default: 90, min: 2 },
  ),
  minuteRetentionDays: intVar('ANALYTICS_MINUTE_RETENTION_DAYS', 'Days of per-minute rollups kept', { default: 14, min: 1 }),
  hourRetentionDays: intVar('ANALYTICS_HOUR_RETENTION_DAYS', 'Days of per-hour rollups kept', { default: 400, min: 1 }),
  dayRetentionDays: intVar('ANALYTICS_DAY_RETENTION_DAYS', 'Days of per-day rollups kept (billing reads these)', {
    default: 1830,
    min: 31,
  }),
  retentionIntervalMs: intVar('ANALYTICS_RETENTION_INTERVAL_MS', 'How often the retention job looks for expired partitions', {
    default: 3_600_000,
    min: 1_000,
  }),
  reconciliationSources: stringVar(
    'USAGE_RECONCILIATION_SOURCES',
    'JSON array of provider accounts whose usage API is reconciled: [{provider: openai|anthropic, baseUrl, adminKey, credentials: {<provider api_key_id>: <credential_ref>}}]',
    { default: '[]', secret: true },
  ),
  reconciliationDriftBps: intVar(
    'USAGE_RECONCILIATION_DRIFT_BPS',
    'Drift (basis points of the larger count) above which a credential-day is flagged',
    {
      default: 100,
      min: 0,
    },
  ),
  reconciliationDriftTokens: intVar(
    'USAGE_RECONCILIATION_DRIFT_TOKENS',
    'Token difference a credential-day may drift by without being flagged',
    {
      default: 100,
      min: 0,
    },
  ),
  reconciliationSchedule: utcTimeOfDayVar(
    'USAGE_RECONCILIATION_SCHEDULE_UTC',
    'UTC time (HH:MM) of the daily reconciliation of the previous UTC day, or off',
    { default: { hour: 0, minute: 30 } },
  ),
  reconciliationRunOnStart: boolVar(
    'USAGE_RECONCILIATION_RUN_ON_START',
    'Also run the scheduled reconciliation (previous UTC day) once at startup',
    { default: false },
  ),
};

export type MeteringSettings = SettingsOf<typeof meteringSettingsSpec>;
