import { kafkaSettingsSpec } from '@switchyard/event-bus';
import { SettingsOf, intVar, operatorTokenSettingsSpec, serviceSettingsSpec, stringVar } from '@switchyard/platform';
import { DEFAULT_ROUTING_SETTINGS as D, RoutingSettings } from '@switchyard/routing';

export const routerSettingsSpec = {
  ...serviceSettingsSpec('ROUTER', 8081, 50061),
  ...kafkaSettingsSpec,
  ...operatorTokenSettingsSpec,
  providerAdaptersAddress: stringVar('PROVIDER_ADAPTERS_ADDRESS', 'host:port of the provider-adapters gRPC server', {
    default: '127.0.0.1:50062',
  }),
  budgetEnforcerAddress: stringVar(
    'BUDGET_ENFORCER_ADDRESS',
    'host:port of the budget-enforcer gRPC server (quota decisions); empty disables budgets',
    { default: '127.0.0.1:50064' },
  ),
  quotaSnapshotWaitMs: intVar(
    'ROUTER_QUOTA_SNAPSHOT_WAIT_MS',
    'At start, how long to wait for the first quota snapshot before serving without it',
    { default: 5_000, min: 0 },
  ),
  quotaReservationTtlMs: intVar(
    'ROUTER_QUOTA_RESERVATION_TTL_MS',
    'How long a finished attempt keeps its budget reservation waiting for its usage event to be counted',
    { default: 120_000, min: 1_000 },
  ),
  quotaSettleWaitMs: intVar(
    'ROUTER_QUOTA_SETTLE_WAIT_MS',
    "How long an attempt may wait for this replica's in-flight budget reservations to settle before it is refused for lack of credit",
    { default: 2_000, min: 0 },
  ),
  requestTimeoutMs: intVar('ROUTER_REQUEST_TIMEOUT_MS', 'Overall deadline of one request (all attempts) when the caller sets none', {
    default: 120_000,
    min: 100,
  }),
  defaultPolicy: stringVar(
    'ROUTER_DEFAULT_POLICY',
    "Policy ordering a model's own deployments and aliases that name none (cheapest, fastest, reliable, compliant or a configured one)",
    { default: D.defaultPolicy },
  ),
  maxAttempts: intVar('ROUTER_MAX_ATTEMPTS', 'Attempts per request, failovers and retries included', {
    default: D.loop.maxAttempts,
    min: 1,
    max: 20,
  }),
  retryBaseMs: intVar(
    'ROUTER_RETRY_BASE_MS',
    'Backoff before the first retry round of a chain that failed transiently (doubles per round, jittered)',
    { default: D.loop.retryBaseMs, min: 0 },
  ),
  retryMaxMs: intVar('ROUTER_RETRY_MAX_MS', 'Longest backoff between retry rounds', { default: D.loop.retryMaxMs, min: 0 }),
  queueMaxWaitMs: intVar('ROUTER_QUEUE_MAX_WAIT_MS', 'Longest a request waits for rate-limit capacity before it gets 429 + retry-after', {
    default: D.loop.queueMaxWaitMs,
    min: 0,
  }),
  rateLimitMaxWaitMs: intVar(
    'ROUTER_RATE_LIMIT_MAX_WAIT_MS',
    'Longest a request waits for rate-limit capacity in total, over all its waits; provider 429s it waits out do not count towards ROUTER_MAX_ATTEMPTS',
    { default: D.loop.rateLimitMaxWaitMs, min: 0 },
  ),
  queueMaxDepth: intVar('ROUTER_QUEUE_MAX_DEPTH', 'Requests that may wait for one deployment at a time; more get 429 + retry-after', {
    default: D.health.throttle.maxQueue,
    min: 0,
  }),
  rateLimitPauseMs: intVar(
    'ROUTER_RATE_LIMIT_PAUSE_MS',
    'How long a deployment is held back after a provider 429 that gives no retry-after',
    { default: D.health.throttle.defaultPauseMs, min: 0 },
  ),
  breakerMinRequests: intVar('ROUTER_BREAKER_MIN_REQUESTS', "Attempts in a breaker's window before it may open", {
    default: D.health.breaker.minRequests,
    min: 1,
  }),
  breakerErrorPercent: intVar(
    'ROUTER_BREAKER_ERROR_PERCENT',
    "A deployment's breaker opens when more than this percentage of its recent attempts failed",
    { default: D.health.breaker.errorPercent, min: 0, max: 100 },
  ),
  breakerWindowMs: intVar('ROUTER_BREAKER_WINDOW_MS', 'Rolling window a breaker counts failures over', {
    default: D.health.breaker.windowMs,
    min: 100,
  }),
  breakerResetMs: intVar('ROUTER_BREAKER_RESET_MS', 'How long an open breaker skips its deployment before a half-open probe', {
    default: D.health.breaker.resetMs,
    min: 10,
  }),
  healthWindowMs: intVar('ROUTER_HEALTH_WINDOW_MS', 'Sliding window of the p95 latency and error rate policies rank by', {
    default: D.health.window.windowMs,
    min: 100,
  }),
  healthWindowSamples: intVar('ROUTER_HEALTH_WINDOW_SAMPLES', 'Most recent attempts per deployment kept in that window', {
    default: D.health.window.maxSamples,
    min: 1,
    max: 10_000,
  }),
  shadowMaxInFlight: intVar('ROUTER_SHADOW_MAX_IN_FLIGHT', 'Shadow copies in flight at once; more are dropped, never queued', {
    default: D.shadow.maxInFlight,
    min: 0,
  }),
  shadowTimeoutMs: intVar('ROUTER_SHADOW_TIMEOUT_MS', 'Deadline of one shadow copy', { default: D.shadow.timeoutMs, min: 100 }),
};

export type RouterSettings = SettingsOf<typeof routerSettingsSpec>;

export function routingSettings(config: RouterSettings): RoutingSettings {
  return {
    defaultPolicy: config.defaultPolicy,
    loop: {
      maxAttempts: config.maxAttempts,
      retryBaseMs: config.retryBaseMs,
      retryMaxMs: config.retryMaxMs,
      queueMaxWaitMs: config.queueMaxWaitMs,
      rateLimitMaxWaitMs: config.rateLimitMaxWaitMs,
    },
    health: {
      window: { windowMs: config.healthWindowMs, maxSamples: config.healthWindowSamples },
      breaker: {
        minRequests: config.breakerMinRequests,
        errorPercent: config.breakerErrorPercent,
        windowMs: config.breakerWindowMs,
        resetMs: config.breakerResetMs,
      },
      throttle: { maxQueue: config.queueMaxDepth, defaultPauseMs: config.rateLimitPauseMs },
    },
    shadow: { maxInFlight: config.shadowMaxInFlight, timeoutMs: config.shadowTimeoutMs },
  };
}
