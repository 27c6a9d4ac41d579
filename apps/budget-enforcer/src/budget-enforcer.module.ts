import { DynamicModule, Module } from '@nestjs/common';
import { BudgetEngine, replayStartMs } from '@switchyard/budgets';
import { BudgetEnforcerService } from '@switchyard/contracts';
import { ConfigSync } from '@switchyard/config-sync';
import { CredentialCipher, parseKeyEncryptionKeys } from '@switchyard/control-plane';
import { createKafka, DEFAULT_PUBLISHER_OPTIONS, kafkaTopicsComponent, EventPublisher, TOPICS, topicName } from '@switchyard/event-bus';
import { ComponentHost, GrpcServerHost, PlatformModule, ServiceRuntime } from '@switchyard/platform';
import { join } from 'node:path';
import { AlertDispatcher } from './alert-dispatcher';
import { AlertStore } from './alert-store';
import { budgetSource } from './budget-source';
import type { BudgetEnforcerConfig } from './config';
import { COUNTERS_DEPS, CountersController } from './counters.controller';
import { DecisionHub } from './decision-hub';
import { decisionStreamHandlers } from './decision-stream.handlers';
import { UsageLogReader } from './usage-log-reader';

// Usage produced a little before the month started can still belong to it (clock skew, spool drains).
const REPLAY_MARGIN_MS = 10 * 60_000;

@Module({})
export class BudgetEnforcerModule {
  static register(config: BudgetEnforcerConfig, runtime: ServiceRuntime): DynamicModule {
    const { log, readiness } = runtime;
    const kafka = createKafka(config, `budget-enforcer-${runtime.instance}`, log);
    const configSync = new ConfigSync(
      kafka,
      topicName(config.kafkaTopicPrefix, TOPICS.config),
      `budget-enforcer.config.${runtime.instance}`,
      log,
    );
    const publisher = new EventPublisher(
      kafka,
      { ...DEFAULT_PUBLISHER_OPTIONS, spoolDir: join(config.eventSpoolDir, 'budget-enforcer') },
      log,
      runtime.metrics,
    );
    const { keks, currentKekId } = parseKeyEncryptionKeys(config.keyEncryptionKeys);
    const engine = new BudgetEngine(budgetSource(configSync.state), {
      holderGraceMs: config.holderGraceMs,
      dedupeCapacity: config.dedupeCapacity,
    });
    const alerts = new AlertStore(
      kafka,
      topicName(config.kafkaTopicPrefix, TOPICS.budgetAlerts),
      publisher,
      `budget-enforcer.alerts.${runtime.instance}`,
      log,
    );
    const dispatcher = new AlertDispatcher(
      alerts,
      configSync.state,
      new CredentialCipher(keks, currentKekId),
      {
        maxAttempts: config.alertMaxAttempts,
        baseDelayMs: config.alertRetryBaseMs,
        maxDelayMs: config.alertRetryMaxMs,
        timeoutMs: config.alertTimeoutMs,
      },
      log,
      runtime.metrics,
    );
    const hub = new DecisionHub(engine, (c) => dispatcher.dispatch(c), config.flushIntervalMs, log, runtime.metrics);
    const usage = new UsageLogReader(
      kafka,
      topicName(config.kafkaTopicPrefix, TOPICS.usage),
      () => replayStartMs(Date.now()) - REPLAY_MARGIN_MS,
      (events) => hub.record(events),
      log,
      config.kafkaTopicPrefix,
    );
    configSync.state.onChange((event) => {
      if (event.entity?.$case === 'budget' || event.entity?.$case === 'tenant' || event.entity?.$case === 'apiKey')
        engine.refresh(Date.now());
    });

    readiness.register('config-log', () => configSync.isCaughtUp());
    readiness.register('alert-log', () => alerts.isCaughtUp());
    readiness.register('usage-rebuilt', () => hub.isReady());
    const components = new ComponentHost(
      [
        kafkaTopicsComponent(kafka, config.kafkaTopicPrefix, [TOPICS.config, TOPICS.usage, TOPICS.budgetAlerts], log),
        publisher,
        configSync,
        alerts,
        hub,
        usage,
        {
          name: 'decisions',
          stopPhase: 'intake',
          start: async () => {
            hub.markReady();
            dispatcher.resumePending();
          },
          stop: async () => dispatcher.stop(),
        },
      ],
      log,
    );
    const grpc = new GrpcServerHost(
      `${config.httpHost}:${config.grpcPort}`,
      [{ definition: BudgetEnforcerService, implementation: decisionStreamHandlers(hub, engine) }],
      runtime,
      // Decision streams never end on their own: cancel them promptly on shutdown.
      1_000,
    );
    return {
      module: BudgetEnforcerModule,
      imports: [PlatformModule.forRuntime(runtime)],
      controllers: [CountersController],
      providers: [
        { provide: ComponentHost, useValue: components },
        { provide: GrpcServerHost, useValue: grpc },
        { provide: COUNTERS_DEPS, useValue: { engine, alerts, operatorToken: config.operatorToken, isReady: () => hub.isReady() } },
      ],
    };
  }
}
