import { DynamicModule, Module } from '@nestjs/common';
import { ProviderAdaptersService } from '@switchyard/contracts';
import { CredentialCipher, parseKeyEncryptionKeys } from '@switchyard/control-plane';
import { ConfigSync } from '@switchyard/config-sync';
import { createKafka, EventPublisher, DEFAULT_PUBLISHER_OPTIONS, kafkaTopicsComponent, TOPICS, topicName } from '@switchyard/event-bus';
import { PriceResolver } from '@switchyard/metering-core';
import { ComponentHost, GrpcServerHost, PlatformModule, ServiceRuntime } from '@switchyard/platform';
import { ChatInvoker, ProviderRegistry, UpstreamClient } from '@switchyard/providers';
import { PiiGuard } from '@switchyard/pii';
import { join } from 'node:path';
import { adaptersSession } from './adapters-session';
import type { ProviderAdaptersConfig } from './config';
import { CredentialStore } from './credential-store';
import { upstreamClientComponent } from './components';
import { UsageRecorder } from './usage-recorder';

@Module({})
export class ProviderAdaptersModule {
  static register(config: ProviderAdaptersConfig, runtime: ServiceRuntime): DynamicModule {
    const { log, readiness } = runtime;
    const kafka = createKafka(config, `provider-adapters-${runtime.instance}`, log);
    const usageTopic = topicName(config.kafkaTopicPrefix, TOPICS.usage);
    const configTopic = topicName(config.kafkaTopicPrefix, TOPICS.config);

    const publisher = new EventPublisher(
      kafka,
      { ...DEFAULT_PUBLISHER_OPTIONS, lingerMs: config.eventLingerMs, spoolDir: join(config.eventSpoolDir, 'provider-adapters') },
      log,
      runtime.metrics,
    );
    const configSync = new ConfigSync(kafka, configTopic, `provider-adapters.config.${runtime.instance}`, log);
    const { keks, currentKekId } = parseKeyEncryptionKeys(config.keyEncryptionKeys);
    const credentials = new CredentialStore(configSync.state, new CredentialCipher(keks, currentKekId));
    const client = new UpstreamClient();
    const usageRecorder = new UsageRecorder(publisher, {
      topic: usageTopic,
      producer: `provider-adapters/${runtime.instance}`,
      prices: new PriceResolver(configSync.state),
      redact: (tenantId, text) => PiiGuard.for(configSync.state.tenants.get(tenantId)?.piiPolicy).forRecord(text),
    });
    const invoker = new ChatInvoker(ProviderRegistry.builtIn(), client, credentials, usageRecorder, {
      defaultTimeoutMs: config.upstreamTimeoutMs,
      streamIdleTimeoutMs: config.streamIdleTimeoutMs,
    });

    readiness.register('config-log', () => configSync.isCaughtUp());
    readiness.register('event-publisher', () => publisher.canAccept());
    const components = new ComponentHost(
      [
        kafkaTopicsComponent(kafka, config.kafkaTopicPrefix, [TOPICS.usage, TOPICS.config], log),
        publisher,
        configSync,
        upstreamClientComponent(client),
      ],
      log,
    );
    const sessions = adaptersSession(invoker, log);
    const grpc = new GrpcServerHost(
      `${config.httpHost}:${config.grpcPort}`,
      [{ definition: ProviderAdaptersService, implementation: { session: sessions.handle }, sessions }],
      runtime,
      config.shutdownTimeoutMs,
    );
    return {
      module: ProviderAdaptersModule,
      imports: [PlatformModule.forRuntime(runtime)],
      providers: [
        { provide: ComponentHost, useValue: components },
        { provide: GrpcServerHost, useValue: grpc },
      ],
    };
  }
}
