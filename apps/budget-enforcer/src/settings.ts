import { kafkaSettingsSpec, publisherSettingsSpec } from '@switchyard/event-bus';
import { SettingsOf, intVar, keyEncryptionKeysSettingsSpec, operatorTokenSettingsSpec, serviceSettingsSpec } from '@switchyard/platform';

export const budgetEnforcerSettingsSpec = {
  ...serviceSettingsSpec('BUDGET_ENFORCER', 8084, 50064),
  ...kafkaSettingsSpec,
  ...publisherSettingsSpec,
  ...keyEncryptionKeysSettingsSpec('required'),
  ...operatorTokenSettingsSpec,
  holderGraceMs: intVar(
    'BUDGET_HOLDER_GRACE_MS',
    'How long a disconnected router replica keeps its unspent spend credit (its in-flight attempts may still settle)',
    { default: 180_000, min: 0 },
  ),
  dedupeCapacity: intVar('BUDGET_DEDUPE_IDS', 'Usage event ids remembered to drop redeliveries (about 100 bytes each)', {
    default: 500_000,
    min: 1_000,
  }),
  flushIntervalMs: intVar('BUDGET_FLUSH_INTERVAL_MS', 'Longest delay before counted usage reaches the routers as decisions and grants', {
    default: 25,
    min: 1,
  }),
  alertMaxAttempts: intVar('BUDGET_ALERT_MAX_ATTEMPTS', 'Delivery attempts of one alert webhook before it is recorded as failed', {
    default: 10,
    min: 1,
  }),
  alertRetryBaseMs: intVar('BUDGET_ALERT_RETRY_BASE_MS', 'First retry delay of an alert webhook (doubles each attempt, with jitter)', {
    default: 1_000,
    min: 1,
  }),
  alertRetryMaxMs: intVar('BUDGET_ALERT_RETRY_MAX_MS', 'Longest delay between two alert webhook attempts', { default: 300_000, min: 1 }),
  alertTimeoutMs: intVar('BUDGET_ALERT_TIMEOUT_MS', 'Time limit of one alert webhook request', { default: 10_000, min: 100 }),
};

export type BudgetEnforcerSettings = SettingsOf<typeof budgetEnforcerSettingsSpec>;
