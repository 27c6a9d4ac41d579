import { clickhouseSettingsSpec } from '@switchyard/analytics-store';
import { kafkaSettingsSpec } from '@switchyard/event-bus';
import { SettingsOf, intVar, operatorTokenSettingsSpec, serviceSettingsSpec } from '@switchyard/platform';

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
};

export type MeteringSettings = SettingsOf<typeof meteringSettingsSpec>;
