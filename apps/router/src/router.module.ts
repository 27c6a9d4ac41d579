import { DynamicModule, Module } from '@nestjs/common';
import { ProviderAdaptersClient, RouterService } from '@switchyard/contracts';
import { ConfigSync } from '@switchyard/config-sync';
import { createKafka, kafkaTopicsComponent, TOPICS, topicName } from '@switchyard/event-bus';
import {
  ComponentHost,
  createGrpcClient,
  GrpcServerHost,
  PlatformModule,
  registerChannelReadiness,
  ServiceRuntime,
} from '@switchyard/platform';
import { createRouting } from '@switchyard/routing';
import { AdaptersClient } from './adapters-client';
import { RouterConfig, routingSettings } from './config';
import { routerQuota } from './quota';
import { routerSession } from './router-session';
import { RoutingMetrics } from './routing-metrics';
import { ROUTING, RoutingStateController } from './routing-state.controller';

@Module({})
export class RouterModule {
  static register(config: RouterConfig, runtime: ServiceRuntime): DynamicModule {
    const { log, readiness } = runtime;
    const kafka = createKafka(config, `router-${runtime.instance}`, log);
    const configSync = new ConfigSync(kafka, topicName(config.kafkaTopicPrefix, TOPICS.config), `router.config.${runtime.instance}`, log);
    const adapters = createGrpcClient(ProviderAdaptersClient, config.providerAdaptersAddress);
    const metrics = new RoutingMetrics(runtime.metrics);
    // Budget decisions from the enforcer: checked before planning, and hard money budgets reserve spend per attempt.
    const quota = routerQuota(config, configSync.state, runtime);
    const routing = createRouting(configSync.state, quota.reservingPort(new AdaptersClient(adapters)), routingSettings(config), {
      gate: quota.gate,
      routerReplicas: quota.replicas,
      onBreakerChange: (deploymentId, state) => {
        metrics.breakerChanged(deploymentId, state);
        log.warn({ deploymentId, breaker: state }, 'circuit breaker changed state');
      },
      onShadow: (arm, outcome) => metrics.shadow(arm, outcome),
      onAttempt: (deploymentId, errorClass) => metrics.attempt(deploymentId, errorClass),
    });
    metrics.watch(routing.health);

    readiness.register('config-log', () => configSync.isCaughtUp());
    registerChannelReadiness(readiness, 'provider-adapters', adapters);
    const components = new ComponentHost(
      [
        kafkaTopicsComponent(kafka, config.kafkaTopicPrefix, [TOPICS.config], log),
        configSync,
        ...quota.components,
        { name: 'provider-adapters-channel', stopPhase: 'outlet', start: async () => undefined, stop: async () => adapters.close() },
        { name: 'routing-state', stopPhase: 'outlet', start: async () => undefined, stop: async () => routing.shutdown() },
      ],
      log,
    );
    const sessions = routerSession(routing.executor, routing.catalog, config.requestTimeoutMs, log);
    const grpc = new GrpcServerHost(
      `${config.httpHost}:${config.grpcPort}`,
      [{ definition: RouterService, implementation: { session: sessions.handle }, sessions }],
      runtime,
      config.shutdownTimeoutMs,
    );
    return {
      module: RouterModule,
      imports: [PlatformModule.forRuntime(runtime)],
      controllers: [RoutingStateController],
      providers: [
        { provide: ROUTING, useValue: routing },
        { provide: ComponentHost, useValue: components },
        { provide: GrpcServerHost, useValue: grpc },
      ],
    };
  }
}
