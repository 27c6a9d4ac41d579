import type { FactoryProvider } from '@nestjs/common';
import { KAFKA, KAFKA_TOPICS } from '@switchyard/config-sync';
import { ProviderAdaptersService } from '@switchyard/contracts';
import { ConfigState, CredentialCipher, parseKeyEncryptionKeys } from '@switchyard/control-plane';
import { DEFAULT_PUBLISHER_OPTIONS, EventPublisher, TOPICS, topicName } from '@switchyard/event-bus';
import { PriceResolver } from '@switchyard/pricing';
import { PiiGuard } from '@switchyard/pii';
import { GrpcServerHost, LOG, Log, RUNTIME, ServiceRuntime, SETTINGS, withLifecycle } from '@switchyard/platform';
import { AttemptExecutor, FailedAttemptLog, FamilyRegistry, UpstreamClient, UpstreamMetrics } from '@switchyard/providers';
import type { Kafka } from 'kafkajs';
import { join } from 'node:path';
import { adaptersSession } from './adapters-session';
import type { ProviderAdaptersSettings } from './settings';
import { CredentialStore } from './credential-store';
import { UsageRecorder } from './usage-recorder';

/** usage.v1 producer: idempotent, batching, spooling to disk while Kafka is away. */
export const usagePublisher: FactoryProvider<EventPublisher> = {
  provide: EventPublisher,
  inject: [KAFKA, KAFKA_TOPICS, SETTINGS, RUNTIME],
  useFactory: (kafka: Kafka, _topics: unknown, settings: ProviderAdaptersSettings, runtime: ServiceRuntime) => {
    const publisher = new EventPublisher(
      kafka,
      { ...DEFAULT_PUBLISHER_OPTIONS, lingerMs: settings.eventLingerMs, spoolDir: join(settings.eventSpoolDir, 'provider-adapters') },
      runtime.log,
      runtime.metrics,
    );
    runtime.readiness.register('event-publisher', () => publisher.canAccept());
    return withLifecycle(publisher, runtime.log);
  },
};

export const usageRecorder: FactoryProvider<UsageRecorder> = {
  provide: UsageRecorder,
  inject: [EventPublisher, ConfigState, SETTINGS, RUNTIME],
  useFactory: (publisher: EventPublisher, config: ConfigState, settings: ProviderAdaptersSettings, runtime: ServiceRuntime) =>
    new UsageRecorder(publisher, {
      topic: topicName(settings.kafkaTopicPrefix, TOPICS.usage),
      producer: `provider-adapters/${runtime.instance}`,
      prices: new PriceResolver(config),
      redact: (tenantId, text) => PiiGuard.for(config.tenants.get(tenantId)?.piiPolicy).forRecord(text),
    }),
};

export const credentialCipher: FactoryProvider<CredentialCipher> = {
  provide: CredentialCipher,
  inject: [SETTINGS],
  useFactory: (settings: ProviderAdaptersSettings) => {
    const { keks, currentKekId } = parseKeyEncryptionKeys(settings.keyEncryptionKeys);
    return new CredentialCipher(keks, currentKekId);
  },
};

/** The HTTP connection pools to the providers; closed after the drain. */
export const upstreamClient: FactoryProvider<UpstreamClient> = {
  provide: UpstreamClient,
  inject: [LOG],
  useFactory: (log: Log) => {
    const client = new UpstreamClient();
    return withLifecycle(
      Object.assign(client, {
        name: 'upstream-client',
        stopPhase: 'outlet' as const,
        start: async () => undefined,
        stop: () => client.close(),
      }),
      log,
    );
  },
};

export const attemptExecutor: FactoryProvider<AttemptExecutor> = {
  provide: AttemptExecutor,
  inject: [UpstreamClient, CredentialStore, UsageRecorder, SETTINGS, RUNTIME],
  useFactory: (
    client: UpstreamClient,
    credentials: CredentialStore,
    recorder: UsageRecorder,
    settings: ProviderAdaptersSettings,
    runtime: ServiceRuntime,
  ) =>
    new AttemptExecutor(
      FamilyRegistry.builtIn(),
      client,
      credentials,
      new UpstreamMetrics(new FailedAttemptLog(recorder, runtime.log), runtime.metrics),
      {
        defaultTimeoutMs: settings.upstreamTimeoutMs,
        streamIdleTimeoutMs: settings.streamIdleTimeoutMs,
      },
    ),
};

export const adaptersGrpcServer: FactoryProvider<GrpcServerHost> = {
  provide: GrpcServerHost,
  inject: [AttemptExecutor, SETTINGS, RUNTIME],
  useFactory: (invoker: AttemptExecutor, settings: ProviderAdaptersSettings, runtime: ServiceRuntime) => {
    const sessions = adaptersSession(invoker, runtime.log);
    return new GrpcServerHost(
      `${settings.httpHost}:${settings.grpcPort}`,
      [{ definition: ProviderAdaptersService, implementation: { session: sessions.handle }, sessions, callers: 'peer-services' }],
      runtime,
      settings.shutdownTimeoutMs,
    );
  },
};
