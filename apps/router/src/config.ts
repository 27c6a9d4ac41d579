import { kafkaConfigSpec } from '@switchyard/event-bus';
import { ConfigOf, intVar, serviceConfigSpec, stringVar } from '@switchyard/platform';

export const routerConfigSpec = {
  ...serviceConfigSpec('ROUTER', 8081, 50061),
  ...kafkaConfigSpec,
  providerAdaptersAddress: stringVar('PROVIDER_ADAPTERS_ADDRESS', 'host:port of the provider-adapters gRPC server', { default: '127.0.0.1:50062' }),
  budgetEnforcerAddress: stringVar('BUDGET_ENFORCER_ADDRESS', 'host:port of the budget-enforcer gRPC server (quota decisions); empty disables budgets', { default: '127.0.0.1:50064' }),
  quotaSnapshotWaitMs: intVar('ROUTER_QUOTA_SNAPSHOT_WAIT_MS', 'At start, how long to wait for the first quota snapshot before serving without it', { default: 5_000, min: 0 }),
  quotaReservationTtlMs: intVar('ROUTER_QUOTA_RESERVATION_TTL_MS', 'How long a finished attempt keeps its budget reservation waiting for its usage event to be counted', { default: 120_000, min: 1_000 }),
  requestTimeoutMs: intVar('ROUTER_REQUEST_TIMEOUT_MS', 'Overall deadline of one request (all attempts) when the caller sets none', { default: 120_000, min: 100 }),
};

export type RouterConfig = ConfigOf<typeof routerConfigSpec>;
