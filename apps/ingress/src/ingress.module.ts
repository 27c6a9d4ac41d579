import { DynamicModule, Module } from '@nestjs/common';
import { ConfigLogModule } from '@switchyard/config-sync';
import { EventPublisher, TOPICS } from '@switchyard/event-bus';
import { PlatformModule, ServiceRuntime } from '@switchyard/platform';
import { AdminController } from './admin/admin.controller';
import { ChatCompletionsController } from './chat-completions.controller';
import type { IngressSettings } from './settings';
import { EmbeddingsController } from './embeddings.controller';
import { ImagesController } from './images.controller';
import {
  addedLatency,
  adminApi,
  gatewayGrpcServer,
  ingressDeps,
  ingressPublisher,
  requestEvents,
  responseStore,
  routerPort,
} from './ingress.providers';
import { MessagesController } from './messages.controller';
import { AudioController } from './audio.controller';
import { ModerationsController } from './moderations.controller';
import { ResponsesController } from './responses.controller';
import { RequestEvents } from './request-events';
import { RouterPort } from './router-port';

/*
 * ingress's module map. Each module names the modules it depends on in
 * `imports`; Nest starts a module's providers after those of its imports (and,
 * within a module, after the providers they are built from) and stops them in
 * reverse. Peers it calls: router (SERVICE_TOPOLOGY).
 *
 *   config-log   Kafka client, topics requests.v1 + config.v1, ConfigState  (ConfigLogModule)
 *   events       publisher, requests.v1 events                      <- config-log
 *   router-port  channel to the router (sessions)
 *   admin        /admin/v1: writes config events, reads ConfigState  <- config-log, events
 *   serving      /v1 REST (OpenAI, Anthropic), gRPC Gateway          <- config-log, events, router-port
 */
const configLog = ConfigLogModule.forService([TOPICS.requests, TOPICS.config]);

@Module({ imports: [configLog], providers: [ingressPublisher, requestEvents], exports: [EventPublisher, RequestEvents] })
export class EventsModule {}

@Module({ providers: [routerPort], exports: [RouterPort] })
export class RouterPortModule {}

@Module({ imports: [configLog, EventsModule], controllers: [AdminController], providers: [adminApi] })
export class AdminModule {}

@Module({
  imports: [configLog, EventsModule, RouterPortModule],
  controllers: [
    AudioController,
    ChatCompletionsController,
    EmbeddingsController,
    MessagesController,
    ModerationsController,
    ResponsesController,
    ImagesController,
  ],
  providers: [addedLatency, responseStore, ingressDeps, gatewayGrpcServer],
})
export class ServingModule {}

@Module({})
export class IngressModule {
  static register(settings: IngressSettings, runtime: ServiceRuntime): DynamicModule {
    return { module: IngressModule, imports: [PlatformModule.forRuntime(runtime, settings), AdminModule, ServingModule] };
  }
}
