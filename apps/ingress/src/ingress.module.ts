import { DynamicModule, Module } from '@nestjs/common';
import { PiiGuard } from '@switchyard/pii';
import { ServingPipeline } from '@switchyard/serving';
import type { ServingDeps } from '@switchyard/serving';
import { GatewayService, RouterClient } from '@switchyard/contracts';
import { ConfigSync } from '@switchyard/config-sync';
import { createKafka, DEFAULT_PUBLISHER_OPTIONS, kafkaTopicsComponent, EventPublisher, TOPICS, topicName } from '@switchyard/event-bus';
import {
  ComponentHost,
  createGrpcClient,
  GrpcServerHost,
  PlatformModule,
  registerChannelReadiness,
  ServiceRuntime,
} from '@switchyard/platform';
import { join } from 'node:path';
import { ADMIN_API, AdminController } from './admin/admin.controller';
import { createAdminApi } from './admin/admin-wiring';
import { ChatCompletionsController } from './chat-completions.controller';
import type { IngressConfig } from './config';
import { EmbeddingsController } from './embeddings.controller';
import { MessagesController } from './messages.controller';
import { gatewayGrpcHandlers } from './gateway-grpc.handlers';
import { GatewayOverhead } from './gateway-overhead';
import { INGRESS_DEPS, IngressDeps } from './ingress-deps';
import { RequestEvents } from './request-events';
import { RouterGateway } from './router-client';

@Module({})
export class IngressModule {
  static register(config: IngressConfig, runtime: ServiceRuntime): DynamicModule {
    const { log, readiness } = runtime;
    const kafka = createKafka(config, `ingress-${runtime.instance}`, log);
    const publisher = new EventPublisher(
      kafka,
      { ...DEFAULT_PUBLISHER_OPTIONS, lingerMs: config.eventLingerMs, spoolDir: join(config.eventSpoolDir, 'ingress') },
      log,
      runtime.metrics,
    );
    const configSync = new ConfigSync(kafka, topicName(config.kafkaTopicPrefix, TOPICS.config), `ingress.config.${runtime.instance}`, log);
    const routerClient = createGrpcClient(RouterClient, config.routerAddress);
    const pii = (tenantId: string) => PiiGuard.for(configSync.state.tenants.get(tenantId)?.piiPolicy);
    const serving: ServingDeps = {
      config: configSync.state,
      router: new RouterGateway(routerClient),
      events: new RequestEvents(
        publisher,
        topicName(config.kafkaTopicPrefix, TOPICS.requests),
        `ingress/${runtime.instance}`,
        (tenantId, text) => pii(tenantId).forRecord(text),
      ),
      log,
      pii,
    };
    const deps: IngressDeps = { ...serving, serving: new ServingPipeline(serving), overhead: new GatewayOverhead(runtime.metrics) };
    const adminApi = createAdminApi(
      config,
      configSync.state,
      publisher,
      topicName(config.kafkaTopicPrefix, TOPICS.config),
      `ingress/${runtime.instance}`,
      log,
    );

    readiness.register('config-log', () => configSync.isCaughtUp());
    readiness.register('event-publisher', () => publisher.canAccept());
    registerChannelReadiness(readiness, 'router', routerClient);
    const components = new ComponentHost(
      [
        kafkaTopicsComponent(kafka, config.kafkaTopicPrefix, [TOPICS.requests, TOPICS.config], log),
        publisher,
        configSync,
        { name: 'router-channel', stopPhase: 'outlet', start: async () => undefined, stop: async () => routerClient.close() },
      ],
      log,
    );
    const grpc = new GrpcServerHost(
      `${config.httpHost}:${config.grpcPort}`,
      [{ definition: GatewayService, implementation: gatewayGrpcHandlers(deps) }],
      runtime,
      config.shutdownTimeoutMs,
    );
    return {
      module: IngressModule,
      imports: [PlatformModule.forRuntime(runtime)],
      controllers: [ChatCompletionsController, EmbeddingsController, MessagesController, AdminController],
      providers: [
        { provide: INGRESS_DEPS, useValue: deps },
        { provide: ADMIN_API, useValue: adminApi },
        { provide: ComponentHost, useValue: components },
        { provide: GrpcServerHost, useValue: grpc },
      ],
    };
  }
}
