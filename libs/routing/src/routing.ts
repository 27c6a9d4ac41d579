import type { ConfigState } from '@switchyard/control-plane';
import { PriceResolver } from '@switchyard/pricing';
import { AttemptListener, AttemptLoop } from './execution/attempt-loop';
import type { AttemptPort } from './execution/attempt-port';
import type { RequestGate } from './execution/request-gate';
import { RouteExecutor } from './execution/route-executor';
import { ShadowDispatcher, ShadowOutcome } from './execution/shadow-dispatcher';
import { DeploymentHealth } from './health/deployment-health';
import type { BreakerState } from './health/deployment-breakers';
import { ModelCatalog } from './planning/model-catalog';
import { RouteResolver } from './planning/route-resolver';
import type { RoutingSettings } from './routing-settings';

export interface RoutingHooks {
  readonly gate?: RequestGate;
  readonly onBreakerChange?: (deploymentId: string, state: BreakerState) => void;
  readonly onShadow?: (arm: string, outcome: ShadowOutcome) => void;
  readonly onAttempt?: AttemptListener;
  readonly now?: () => number;
  /** Router replicas sharing the deployments' RPM/TPM limits (learned from the budget-enforcer); 1 when unknown. */
  readonly routerReplicas?: () => number;
  /** The service's one price resolver (what cost-ranked policies rank by); one over `config` when absent. */
  readonly prices?: PriceResolver;
}

/** The router's routing, wired: what the router app (and tests) run requests through. */
export interface Routing {
  readonly executor: RouteExecutor;
  readonly catalog: ModelCatalog;
  readonly health: DeploymentHealth;
  readonly shadows: ShadowDispatcher;
  /** Stops timers and forgets live state. */
  shutdown(): void;
}

export function createRouting(config: ConfigState, port: AttemptPort, settings: RoutingSettings, hooks: RoutingHooks = {}): Routing {
  const now = hooks.now ?? Date.now;
  const health = new DeploymentHealth(settings.health, now, hooks.onBreakerChange, hooks.routerReplicas);
  const resolver = new RouteResolver(config, (id) => health.figures(id), settings.defaultPolicy, hooks.prices ?? new PriceResolver(config));
  const shadows = new ShadowDispatcher(port, health, settings.shadow, hooks.onShadow, now);
  const executor = new RouteExecutor({
    port,
    resolver,
    loop: new AttemptLoop(health, settings.loop, now, Math.random, hooks.onAttempt),
    shadows,
    health,
    gate: hooks.gate,
    now,
  });
  const unsubscribe = config.onChange((event) => {
    if (event.entity?.$case === 'deployment' && event.deleted) health.retain(new Set(config.deployments.keys()));
  });
  return {
    executor,
    catalog: new ModelCatalog(config),
    health,
    shadows,
    shutdown: () => {
      unsubscribe();
      health.shutdown();
    },
  };
}
