import type { FactoryProvider } from '@nestjs/common';
import type { AdminApi } from '@switchyard/admin';
import { KAFKA, KAFKA_TOPICS } from '@switchyard/config-sync';
import { GatewayService, RouterClient, TenantStatus } from '@switchyard/contracts';
import { ConfigState } from '@switchyard/control-plane';
import { DEFAULT_PUBLISHER_OPTIONS, EventPublisher, TOPICS, topicName } from '@switchyard/event-bus';
import { StoredResponses } from '@switchyard/openai-api';
import { EndUserPseudonyms, PiiGuard } from '@switchyard/pii';
import { RegionalResponseStore } from '@switchyard/response-store';
import { ServingPipeline } from '@switchyard/serving';
import type { ServingDeps } from '@switchyard/serving';
import {
  createGrpcClient,
  GrpcServerHost,
  LOG,
  Log,
  METRICS,
  registerChannelReadiness,
  RUNTIME,
  ServiceRuntime,
  SETTINGS,
  withLifecycle,
} from '@switchyard/platform';
import type { Kafka } from 'kafkajs';
import { join } from 'node:path';
import type { Registry } from 'prom-client';
import { ADMIN_API } from './admin/admin.controller';
import { createAdminApi } from './admin/admin-wiring';
import type { IngressSettings } from './settings';
import { gatewayGrpcHandlers } from './gateway-grpc.handlers';
import { AddedLatency } from './added-latency';
import { INGRESS_DEPS, IngressDeps } from './ingress-deps';
import { RequestEvents } from './request-events';
import { RouterPort } from './router-port';

/** Each tenant's PII guard, pseudonymising end-user ids under the tenant's own key. */
function tenantPii(config: ConfigState, settings: IngressSettings): (tenantId: string) => PiiGuard {
  const pseudonyms = EndUserPseudonyms.fromBase64(settings.endUserPseudonymKey);
  return (tenantId) => PiiGuard.for(config.tenants.get(tenantId)?.piiPolicy, pseudonyms.forTenant(tenantId));
}

/** requests.v1 and admin config changes: idempotent, batching, spooling to disk while Kafka is away. */
export const ingressPublisher: FactoryProvider<EventPublisher> = {
  provide: EventPublisher,
  inject: [KAFKA, KAFKA_TOPICS, SETTINGS, RUNTIME],
  useFactory: (kafka: Kafka, _topics: unknown, settings: IngressSettings, runtime: ServiceRuntime) => {
    const publisher = new EventPublisher(
      kafka,
      { ...DEFAULT_PUBLISHER_OPTIONS, lingerMs: settings.eventLingerMs, spoolDir: join(settings.eventSpoolDir, 'ingress') },
      runtime.log,
      runtime.metrics,
    );
    runtime.readiness.register('event-publisher', () => publisher.canAccept());
    return withLifecycle(publisher, runtime.log);
  },
};

export const requestEvents: FactoryProvider<RequestEvents> = {
  provide: RequestEvents,
  inject: [EventPublisher, ConfigState, SETTINGS, RUNTIME],
  useFactory: (publisher: EventPublisher, config: ConfigState, settings: IngressSettings, runtime: ServiceRuntime) => {
    const pii = tenantPii(config, settings);
    return new RequestEvents(
      publisher,
      topicName(settings.kafkaTopicPrefix, TOPICS.requests),
      `ingress/${runtime.instance}`,
      (tenantId, text) => pii(tenantId).forRecord(text),
    );
  },
};

/** The router over multiplexed sessions of one channel; /readyz waits for it, closed after the drain. */
export const routerPort: FactoryProvider<RouterPort> = {
  provide: RouterPort,
  inject: [SETTINGS, RUNTIME],
  useFactory: (settings: IngressSettings, runtime: ServiceRuntime) => {
    const channel = createGrpcClient(RouterClient, { service: 'router', address: settings.routerAddress }, runtime.identity);
    registerChannelReadiness(runtime.readiness, 'router', channel);
    return withLifecycle(
      Object.assign(new RouterPort(channel), {
        name: 'router-channel',
        stopPhase: 'outlet' as const,
        start: async () => undefined,
        stop: async () => channel.close(),
      }),
      runtime.log,
    );
  },
};

export const addedLatency: FactoryProvider<AddedLatency> = {
  provide: AddedLatency,
  inject: [METRICS],
  useFactory: (metrics: Registry) => new AddedLatency(metrics),
};

export const adminApi: FactoryProvider<AdminApi> = {
  provide: ADMIN_API,
  inject: [SETTINGS, ConfigState, EventPublisher, RUNTIME],
  useFactory: (settings: IngressSettings, config: ConfigState, publisher: EventPublisher, runtime: ServiceRuntime) =>
    createAdminApi(
      settings,
      config,
      publisher,
      topicName(settings.kafkaTopicPrefix, TOPICS.config),
      `ingress/${runtime.instance}`,
      runtime.log,
      runtime.identity,
    ),
};

/**
 * Stored Responses API responses in Redis, in a store of a region the tenant
 * allows, kept for its retention and erased when the tenant is deleted. A
 * store that is away does not hold up the rest of ingress.
 */
export const responseStore: FactoryProvider<RegionalResponseStore> = {
  provide: RegionalResponseStore,
  inject: [ConfigState, SETTINGS, RUNTIME],
  useFactory: (config: ConfigState, settings: IngressSettings, runtime: ServiceRuntime) => {
    const store = new RegionalResponseStore(
      settings,
      {
        regions: (tenantId) => config.tenants.get(tenantId)?.allowedRegions ?? [],
        retentionDays: (tenantId) => config.tenants.get(tenantId)?.rawLogRetentionDays ?? 0,
      },
      runtime.log,
    );
    config.onChange((event) => {
      if (event.entity?.$case !== 'tenant') return;
      const tenant = event.entity.tenant;
      if (event.deleted || tenant.status === TenantStatus.TENANT_STATUS_DELETED) void store.eraseTenant(tenant.id);
    });
    return withLifecycle(store, runtime.log);
  },
};

/** What the serving controllers and the gRPC Gateway share: the one serving pipeline. */
export const ingressDeps: FactoryProvider<IngressDeps> = {
  provide: INGRESS_DEPS,
  inject: [ConfigState, RouterPort, RequestEvents, AddedLatency, RegionalResponseStore, LOG, SETTINGS],
  useFactory: (
    config: ConfigState,
    router: RouterPort,
    events: RequestEvents,
    overhead: AddedLatency,
    store: RegionalResponseStore,
    log: Log,
    settings: IngressSettings,
  ) => {
    const serving: ServingDeps = { config, router, events, log, pii: tenantPii(config, settings) };
    return { ...serving, serving: new ServingPipeline(serving), overhead, responses: new StoredResponses(store) };
  },
};

export const gatewayGrpcServer: FactoryProvider<GrpcServerHost> = {
  provide: GrpcServerHost,
  inject: [INGRESS_DEPS, SETTINGS, RUNTIME],
  useFactory: (deps: IngressDeps, settings: IngressSettings, runtime: ServiceRuntime) =>
    new GrpcServerHost(
      `${settings.httpHost}:${settings.grpcPort}`,
      // SaaS backends call the Gateway with tenant API keys, never with a service token.
      [{ definition: GatewayService, implementation: gatewayGrpcHandlers(deps), callers: 'authenticated-by-handler' }],
      runtime,
      settings.shutdownTimeoutMs,
    ),
};
