import { kafkaSettingsSpec, publisherSettingsSpec } from '@switchyard/event-bus';
import { SettingsOf, intVar, keyEncryptionKeysSettingsSpec, serviceSettingsSpec } from '@switchyard/platform';

export const providerAdaptersSettingsSpec = {
  ...serviceSettingsSpec('PROVIDER_ADAPTERS', 8082, 50062),
  ...kafkaSettingsSpec,
  ...publisherSettingsSpec,
  ...keyEncryptionKeysSettingsSpec('required'),
  upstreamTimeoutMs: intVar('UPSTREAM_TIMEOUT_MS', 'Default time limit of one upstream attempt when its deployment sets none', {
    default: 60_000,
    min: 100,
  }),
  streamIdleTimeoutMs: intVar('UPSTREAM_STREAM_IDLE_TIMEOUT_MS', 'Longest silence allowed between two chunks of an upstream stream', {
    default: 30_000,
    min: 100,
  }),
};

export type ProviderAdaptersSettings = SettingsOf<typeof providerAdaptersSettingsSpec>;
