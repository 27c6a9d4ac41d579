import { DynamicModule, Module } from '@nestjs/common';
import { ProviderAdaptersClient, RouterService } from '@switchyard/contracts';
import { ConfigSync } from '@switchyard/config-sync';
import { createKafka, ensureTopics, TOPICS, topicName } from '@switchyard/event-bus';
import {
  ComponentHost,
  createGrpcClient,
  GrpcServerHost,
  PlatformModule,
  registerChannelReadiness,
  ServiceRuntime,
} from '@switchyard/platform';
import { ModelCatalog, RouteExecutor } from '@switchyard/routing';
import { AdaptersClient } from './adapters-client';
import type { RouterConfig } from './config';
import { routerQuota } from './quota';
import { routerGrpcHandlers } from './router-grpc.handlers';

@Module({})
export class RouterModule {
  static register(config: RouterConfig, runtime: ServiceRuntime): DynamicModule {
    const { log, readiness } = runtime;
    const kafka = createKafka(config, `router-${runtime.instance}`, log);
    const configSync = new ConfigSync(kafka, topicName(config.kafkaTopicPrefix, TOPICS.config), `router.config.${runtime.instance}`, log);
    const adapters = createGrpcClient(ProviderAdaptersClient, config.providerAdaptersAddress);
    const catalog = new ModelCatalog(configSync.state);
    const quota = routerQuota(config, configSync.state, runtime);
    const executor = new RouteExecutor(
      quota.reservingPort(new AdaptersClient(adapters)),
      quota.gateChat((request, context) => catalog.planChat(request, context)),
      quota.gateEmbeddings((model, context) => catalog.planEmbeddings(model, context)),
    );

    readiness.register('config-log', () => configSync.isCaughtUp());
    registerChannelReadiness(readiness, 'provider-adapters', adapters);
    const components = new ComponentHost(
      [
        { name: 'kafka-topics', stopPhase: 'outlet', start: () => ensureTopics(kafka, config.kafkaTopicPrefix, [TOPICS.config]), stop: async () => undefined },
        configSync,
        ...quota.components,
        { name: 'provider-adapters-channel', stopPhase: 'outlet', start: async () => undefined, stop: async () => adapters.close() },
      ],
      log,
    );
    const grpc = new GrpcServerHost(
      `${config.httpHost}:${config.grpcPort}`,
      [{ definition: RouterService, implementation: routerGrpcHandlers(executor, catalog, config.requestTimeoutMs, log) }],
      runtime,
      config.shutdownTimeoutMs,
    );
    return {
      module: RouterModule,
      imports: [PlatformModule.forRuntime(runtime)],
      providers: [
        { provide: ComponentHost, useValue: components },
        { provide: GrpcServerHost, useValue: grpc },
      ],
    };
  }
}
