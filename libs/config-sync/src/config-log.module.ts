import { DynamicModule, Module } from '@nestjs/common';
import { ConfigState } from '@switchyard/control-plane';
import { createKafka, kafkaTopicsComponent, KafkaSettings, TopicDefinition, TOPICS, topicName } from '@switchyard/event-bus';
import { LOG, Log, RUNTIME, ServiceRuntime, SETTINGS, withLifecycle } from '@switchyard/platform';
import type { Kafka } from 'kafkajs';
import { ConfigSync } from './config-sync';

/** The service's Kafka client. */
export const KAFKA = Symbol('switchyard.kafka');
/** Resolves once the service's topics exist; a provider that publishes or consumes injects it to start after. */
export const KAFKA_TOPICS = Symbol('switchyard.kafka-topics');

/**
 * What every service starts with: its Kafka client, its topics, and the
 * config log it rebuilds its configuration from (ready once caught up).
 * Provides KAFKA, KAFKA_TOPICS, ConfigSync and ConfigState.
 */
@Module({})
export class ConfigLogModule {
  static forService(topics: readonly TopicDefinition[]): DynamicModule {
    return {
      module: ConfigLogModule,
      providers: [
        {
          provide: KAFKA,
          inject: [SETTINGS, RUNTIME],
          useFactory: (settings: KafkaSettings, runtime: ServiceRuntime): Kafka =>
            createKafka(settings, `${runtime.service}-${runtime.instance}`, runtime.log),
        },
        {
          provide: KAFKA_TOPICS,
          inject: [KAFKA, SETTINGS, LOG],
          useFactory: (kafka: Kafka, settings: KafkaSettings, log: Log) =>
            withLifecycle(kafkaTopicsComponent(kafka, settings.kafkaTopicPrefix, topics, log), log),
        },
        {
          provide: ConfigSync,
          inject: [KAFKA, KAFKA_TOPICS, SETTINGS, RUNTIME],
          useFactory: (kafka: Kafka, _topics: unknown, settings: KafkaSettings, runtime: ServiceRuntime): ConfigSync => {
            const sync = new ConfigSync(
              kafka,
              topicName(settings.kafkaTopicPrefix, TOPICS.config),
              `${runtime.service}.config.${runtime.instance}`,
              runtime.log,
              { registry: runtime.metrics, group: `${runtime.service}.config` },
            );
            sync.registerReadiness(runtime.readiness);
            return withLifecycle(sync, runtime.log);
          },
        },
        { provide: ConfigState, inject: [ConfigSync], useFactory: (sync: ConfigSync): ConfigState => sync.state },
      ],
      exports: [KAFKA, KAFKA_TOPICS, ConfigSync, ConfigState],
    };
  }
}
