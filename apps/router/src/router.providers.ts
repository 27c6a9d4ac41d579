import type { FactoryProvider } from '@nestjs/common';
import { ProviderAdaptersClient, RouterService } from '@switchyard/contracts';
import { ConfigState } from '@switchyard/control-plane';
import {
  createGrpcClient,
  GrpcServerHost,
  LOG,
  Log,
  registerChannelReadiness,
  RUNTIME,
  ServiceRuntime,
  SETTINGS,
  withLifecycle,
} from '@switchyard/platform';
import { PriceResolver } from '@switchyard/pricing';
import { createRouting, Routing } from '@switchyard/routing';
import { AdaptersClient, PROVIDER_ADAPTERS_CHANNEL } from './adapters-client';
import { RouterSettings, routingSettings } from './settings';
import { routerQuota, RouterQuota } from './quota';
import { routerSession } from './router-session';
import { RoutingMetrics } from './routing-metrics';
import { ROUTING } from './routing-state.controller';

export const ROUTER_QUOTA = Symbol('switchyard.router.quota');
export const QUOTA_DECISIONS = Symbol('switchyard.router.quota-decisions');

/** The channel to provider-adapters; /readyz waits for it. */
export const providerAdaptersChannel: FactoryProvider<ProviderAdaptersClient> = {
  provide: PROVIDER_ADAPTERS_CHANNEL,
  inject: [SETTINGS, RUNTIME],
  useFactory: (settings: RouterSettings, runtime: ServiceRuntime) => {
    const channel = createGrpcClient(
      ProviderAdaptersClient,
      { service: 'provider-adapters', address: settings.providerAdaptersAddress },
      runtime.identity,
    );
    registerChannelReadiness(runtime.readiness, 'provider-adapters', channel);
    return channel;
  },
};

/** The one price resolver of the router: budget estimates and cost-ranked policies price alike. */
export const priceResolver: FactoryProvider<PriceResolver> = {
  provide: PriceResolver,
  inject: [ConfigState],
  useFactory: (config: ConfigState) => new PriceResolver(config),
};

/** Budget decisions from the enforcer: checked before planning, and hard money budgets reserve spend per attempt. */
export const routerQuotaProvider: FactoryProvider<RouterQuota> = {
  provide: ROUTER_QUOTA,
  inject: [SETTINGS, ConfigState, PriceResolver, RUNTIME],
  useFactory: (settings: RouterSettings, config: ConfigState, prices: PriceResolver, runtime: ServiceRuntime) =>
    routerQuota(settings, config, prices, runtime),
};

/** The decision stream from the budget-enforcer (intake: it stops before the drain). */
export const quotaDecisionsProvider: FactoryProvider = {
  provide: QUOTA_DECISIONS,
  inject: [ROUTER_QUOTA, LOG],
  useFactory: (quota: RouterQuota, log: Log) => (quota.decisions ? withLifecycle(quota.decisions, log) : null),
};

export const routingProvider: FactoryProvider<Routing> = {
  provide: ROUTING,
  inject: [SETTINGS, ConfigState, ROUTER_QUOTA, AdaptersClient, RoutingMetrics, PriceResolver, LOG],
  useFactory: (
    settings: RouterSettings,
    config: ConfigState,
    quota: RouterQuota,
    adapters: AdaptersClient,
    metrics: RoutingMetrics,
    prices: PriceResolver,
    log: Log,
  ) => {
    const routing = createRouting(config, quota.reservingPort(adapters), routingSettings(settings), {
      gate: quota.gate,
      routerReplicas: quota.replicas,
      prices,
      onBreakerChange: (deploymentId, state) => {
        metrics.breakerChanged(deploymentId, state);
        log.warn({ deploymentId, breaker: state }, 'circuit breaker changed state');
      },
      onShadow: (arm, outcome) => metrics.shadow(arm, outcome),
      onAttempt: (deploymentId, errorClass) => metrics.attempt(deploymentId, errorClass),
    });
    metrics.watch(routing.health);
    metrics.watchPrices(config.deployments, prices);
    return withLifecycle(
      Object.assign(routing, {
        name: 'routing-state',
        stopPhase: 'outlet' as const,
        start: async () => undefined,
        stop: async () => routing.shutdown(),
      }),
      log,
    );
  },
};

export const routerGrpcServer: FactoryProvider<GrpcServerHost> = {
  provide: GrpcServerHost,
  inject: [SETTINGS, RUNTIME, ROUTING],
  useFactory: (settings: RouterSettings, runtime: ServiceRuntime, routing: Routing) => {
    const sessions = routerSession(routing.executor, routing.catalog, settings.requestTimeoutMs, runtime.log);
    return new GrpcServerHost(
      `${settings.httpHost}:${settings.grpcPort}`,
      [{ definition: RouterService, implementation: { session: sessions.handle }, sessions, callers: 'peer-services' }],
      runtime,
      settings.shutdownTimeoutMs,
    );
  },
};
