import { kafkaConfigSpec } from '@switchyard/event-bus';
import { ConfigOf, intVar, serviceConfigSpec, stringVar } from '@switchyard/platform';

export const routerConfigSpec = {
  ...serviceConfigSpec('ROUTER', 8081, 50061),
  ...kafkaConfigSpec,
  providerAdaptersAddress: stringVar('PROVIDER_ADAPTERS_ADDRESS', 'host:port of the provider-adapters gRPC server', { default: '127.0.0.1:50062' }),
  requestTimeoutMs: intVar('ROUTER_REQUEST_TIMEOUT_MS', 'Overall deadline of one request (all attempts) when the caller sets none', { default: 120_000, min: 100 }),
};

export type RouterConfig = ConfigOf<typeof routerConfigSpec>;
