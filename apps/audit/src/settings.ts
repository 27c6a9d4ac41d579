import { clickhouseSettingsSpec } from '@switchyard/analytics-store';
import { kafkaSettingsSpec } from '@switchyard/event-bus';
import { SettingsOf, intVar, keyEncryptionKeysSettingsSpec, operatorTokenSettingsSpec, serviceSettingsSpec } from '@switchyard/platform';

export const auditSettingsSpec = {
  ...serviceSettingsSpec('AUDIT', 8085, 50065),
  ...kafkaSettingsSpec,
  ...clickhouseSettingsSpec,
  ...keyEncryptionKeysSettingsSpec('required'),
  ...operatorTokenSettingsSpec,
  defaultRetentionDays: intVar(
    'RAW_LOG_DEFAULT_RETENTION_DAYS',
    'Raw request logs (request_events, usage_events) of tenants without their own setting are deleted after this many days; 0 keeps them',
    { default: 0, min: 0 },
  ),
  retentionIntervalMs: intVar(
    'AUDIT_RETENTION_INTERVAL_MS',
    'How often the retention job looks for raw request logs past their retention',
    { default: 60 * 60 * 1000, min: 100 },
  ),
};

export type AuditSettings = SettingsOf<typeof auditSettingsSpec>;
