import { DynamicModule, Module } from '@nestjs/common';
import { ConfigLogModule } from '@switchyard/config-sync';
import { TOPICS } from '@switchyard/event-bus';
import { PlatformModule, ServiceRuntime } from '@switchyard/platform';
import { PriceResolver } from '@switchyard/pricing';
import { AdaptersClient } from './adapters-client';
import type { RouterSettings } from './settings';
import {
  priceResolver,
  providerAdaptersChannel,
  quotaDecisionsProvider,
  ROUTER_QUOTA,
  routerGrpcServer,
  routerQuotaProvider,
  routingProvider,
} from './router.providers';
import { RoutingMetrics } from './routing-metrics';
import { ROUTING, RoutingStateController } from './routing-state.controller';

/*
 * The router's module map. Each module names the modules it depends on in
 * `imports`; Nest starts a module's providers after those of its imports (and,
 * within a module, after the providers they are built from) and stops them in
 * reverse. Peers it calls: provider-adapters, budget-enforcer (SERVICE_TOPOLOGY).
 *
 *   config-log       Kafka client, topic config.v1, ConfigState   (ConfigLogModule)
 *   adapters-port    channel to provider-adapters, AdaptersClient
 *   pricing          the one PriceResolver (estimates, cost ranking) <- config-log
 *   quota            budget decisions stream from budget-enforcer  <- config-log, pricing
 *   routing          catalog, breakers, executor, /routing         <- config-log, pricing, quota, adapters-port
 *   router-grpc      RouterService (Session) on ROUTER_GRPC_PORT   <- routing
 */
const configLog = ConfigLogModule.forService([TOPICS.config]);

@Module({ providers: [providerAdaptersChannel, AdaptersClient], exports: [AdaptersClient] })
export class AdaptersPortModule {}

@Module({ imports: [configLog], providers: [priceResolver], exports: [PriceResolver] })
export class PricingModule {}

@Module({ imports: [configLog, PricingModule], providers: [routerQuotaProvider, quotaDecisionsProvider], exports: [ROUTER_QUOTA] })
export class QuotaModule {}

@Module({
  imports: [configLog, PricingModule, QuotaModule, AdaptersPortModule],
  controllers: [RoutingStateController],
  providers: [RoutingMetrics, routingProvider],
  exports: [ROUTING],
})
export class RoutingModule {}

@Module({ imports: [RoutingModule], providers: [routerGrpcServer] })
export class RouterGrpcModule {}

@Module({})
export class RouterModule {
  static register(settings: RouterSettings, runtime: ServiceRuntime): DynamicModule {
    return { module: RouterModule, imports: [PlatformModule.forRuntime(runtime, settings), RouterGrpcModule] };
  }
}
