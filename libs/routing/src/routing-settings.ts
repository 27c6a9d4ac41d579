import type { HealthSettings } from './health/deployment-health';
import type { LoopSettings } from './execution/attempt-loop';
import type { ShadowSettings } from './execution/shadow-dispatcher';

/** Every knob of the router's routing, in one place (the router app fills it from its env). */
export interface RoutingSettings {
  readonly health: HealthSettings;
  readonly loop: LoopSettings;
  readonly shadow: ShadowSettings;
  /** How a model's own deployments (and aliases without a policy) are ordered. */
  readonly defaultPolicy: string;
}

export const DEFAULT_ROUTING_SETTINGS: RoutingSettings = {
  health: {
    window: { windowMs: 60_000, maxSamples: 200 },
    breaker: { minRequests: 5, errorPercent: 50, windowMs: 30_000, resetMs: 10_000 },
    throttle: { maxQueue: 100, defaultPauseMs: 1_000 },
  },
  loop: { maxAttempts: 4, retryBaseMs: 100, retryMaxMs: 2_000, queueMaxWaitMs: 10_000, rateLimitMaxWaitMs: 30_000 },
  shadow: { maxInFlight: 64, timeoutMs: 60_000 },
  defaultPolicy: 'reliable',
};
