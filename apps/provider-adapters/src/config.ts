import { kafkaConfigSpec, publisherConfigSpec } from '@switchyard/event-bus';
import { ConfigOf, intVar, keyEncryptionKeysConfigSpec, serviceConfigSpec } from '@switchyard/platform';

export const providerAdaptersConfigSpec = {
  ...serviceConfigSpec('PROVIDER_ADAPTERS', 8082, 50062),
  ...kafkaConfigSpec,
  ...publisherConfigSpec,
  ...keyEncryptionKeysConfigSpec('required'),
  upstreamTimeoutMs: intVar('UPSTREAM_TIMEOUT_MS', 'Default time limit of one upstream attempt when its deployment sets none', {
    default: 60_000,
    min: 100,
  }),
  streamIdleTimeoutMs: intVar('UPSTREAM_STREAM_IDLE_TIMEOUT_MS', 'Longest silence allowed between two chunks of an upstream stream', {
    default: 30_000,
    min: 100,
  }),
};

export type ProviderAdaptersConfig = ConfigOf<typeof providerAdaptersConfigSpec>;
