import { DynamicModule, Module } from '@nestjs/common';
import { BudgetEnforcerService } from '@switchyard/contracts';
import { ConfigSync } from '@switchyard/config-sync';
import { createKafka, ensureTopics, TOPICS, topicName } from '@switchyard/event-bus';
import { ComponentHost, GrpcServerHost, PlatformModule, ServiceRuntime } from '@switchyard/platform';
import type { BudgetEnforcerConfig } from './config';
import { decisionStreamHandlers } from './decision-stream.handlers';

@Module({})
export class BudgetEnforcerModule {
  static register(config: BudgetEnforcerConfig, runtime: ServiceRuntime): DynamicModule {
    const { log, readiness } = runtime;
    const kafka = createKafka(config, `budget-enforcer-${runtime.instance}`, log);
    const configSync = new ConfigSync(kafka, topicName(config.kafkaTopicPrefix, TOPICS.config), `budget-enforcer.config.${runtime.instance}`, log);
    readiness.register('config-log', () => configSync.isCaughtUp());
    const components = new ComponentHost(
      [
        { name: 'kafka-topics', stopPhase: 'outlet', start: () => ensureTopics(kafka, config.kafkaTopicPrefix, [TOPICS.config, TOPICS.usage]), stop: async () => undefined },
        configSync,
      ],
      log,
    );
    const grpc = new GrpcServerHost(
      `${config.httpHost}:${config.grpcPort}`,
      [{ definition: BudgetEnforcerService, implementation: decisionStreamHandlers(() => [], log) }],
      runtime,
      // Decision streams never end on their own: cancel them promptly on shutdown.
      1_000,
    );
    return {
      module: BudgetEnforcerModule,
      imports: [PlatformModule.forRuntime(runtime)],
      providers: [
        { provide: ComponentHost, useValue: components },
        { provide: GrpcServerHost, useValue: grpc },
      ],
    };
  }
}
