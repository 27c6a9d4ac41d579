import type { FactoryProvider } from '@nestjs/common';
import { BudgetEngine, replayStartMs } from '@switchyard/budgets';
import { KAFKA, KAFKA_TOPICS } from '@switchyard/config-sync';
import { BudgetEnforcerService } from '@switchyard/contracts';
import { ConfigState, CredentialCipher, parseKeyEncryptionKeys } from '@switchyard/control-plane';
import { DEFAULT_PUBLISHER_OPTIONS, EventPublisher, TOPICS, topicName } from '@switchyard/event-bus';
import { GrpcServerHost, LOG, Log, RUNTIME, ServiceRuntime, SETTINGS, withLifecycle } from '@switchyard/platform';
import type { Kafka } from 'kafkajs';
import { join } from 'node:path';
import { AlertDispatcher } from './alert-dispatcher';
import { AlertStore } from './alert-store';
import { budgetSource } from './budget-source';
import type { BudgetEnforcerSettings } from './settings';
import { DecisionHub } from './decision-hub';
import { decisionStreamHandlers } from './decision-stream.handlers';
import { UsageLogReader } from './usage-log-reader';

// Usage produced a little before the month started can still belong to it (clock skew, spool drains).
const REPLAY_MARGIN_MS = 10 * 60_000;

export const DECISIONS = Symbol('switchyard.budget-enforcer.decisions');

/** budget-alerts.v1 producer (alert records), spooling to disk while Kafka is away. */
export const alertPublisher: FactoryProvider<EventPublisher> = {
  provide: EventPublisher,
  inject: [KAFKA, KAFKA_TOPICS, SETTINGS, RUNTIME],
  useFactory: (kafka: Kafka, _topics: unknown, settings: BudgetEnforcerSettings, runtime: ServiceRuntime) =>
    withLifecycle(
      new EventPublisher(
        kafka,
        { ...DEFAULT_PUBLISHER_OPTIONS, spoolDir: join(settings.eventSpoolDir, 'budget-enforcer') },
        runtime.log,
        runtime.metrics,
      ),
      runtime.log,
    ),
};

export const alertStore: FactoryProvider<AlertStore> = {
  provide: AlertStore,
  inject: [KAFKA, EventPublisher, ConfigState, SETTINGS, RUNTIME],
  useFactory: (kafka: Kafka, publisher: EventPublisher, _config: unknown, settings: BudgetEnforcerSettings, runtime: ServiceRuntime) => {
    const alerts = new AlertStore(
      kafka,
      topicName(settings.kafkaTopicPrefix, TOPICS.budgetAlerts),
      publisher,
      `budget-enforcer.alerts.${runtime.instance}`,
      runtime.log,
      { registry: runtime.metrics, group: 'budget-enforcer.alerts' },
    );
    runtime.readiness.register('alert-log', () => alerts.isCaughtUp());
    return withLifecycle(alerts, runtime.log);
  },
};

export const alertDispatcher: FactoryProvider<AlertDispatcher> = {
  provide: AlertDispatcher,
  inject: [AlertStore, ConfigState, SETTINGS, RUNTIME],
  useFactory: (alerts: AlertStore, config: ConfigState, settings: BudgetEnforcerSettings, runtime: ServiceRuntime) => {
    const { keks, currentKekId } = parseKeyEncryptionKeys(settings.keyEncryptionKeys);
    return new AlertDispatcher(
      alerts,
      config,
      new CredentialCipher(keks, currentKekId),
      {
        maxAttempts: settings.alertMaxAttempts,
        baseDelayMs: settings.alertRetryBaseMs,
        maxDelayMs: settings.alertRetryMaxMs,
        timeoutMs: settings.alertTimeoutMs,
      },
      runtime.log,
      runtime.metrics,
    );
  },
};

/** Budgets and their open windows, recomputed whenever a budget, tenant or key changes. */
export const budgetEngine: FactoryProvider<BudgetEngine> = {
  provide: BudgetEngine,
  inject: [ConfigState, SETTINGS],
  useFactory: (config: ConfigState, settings: BudgetEnforcerSettings) => {
    const engine = new BudgetEngine(budgetSource(config), {
      holderGraceMs: settings.holderGraceMs,
      dedupeCapacity: settings.dedupeCapacity,
    });
    config.onChange((event) => {
      if (event.entity?.$case === 'budget' || event.entity?.$case === 'tenant' || event.entity?.$case === 'apiKey')
        engine.refresh(Date.now());
    });
    return engine;
  },
};

export const decisionHub: FactoryProvider<DecisionHub> = {
  provide: DecisionHub,
  inject: [BudgetEngine, ConfigState, AlertDispatcher, AlertStore, SETTINGS, RUNTIME],
  useFactory: (
    engine: BudgetEngine,
    config: ConfigState,
    dispatcher: AlertDispatcher,
    _alerts: unknown,
    settings: BudgetEnforcerSettings,
    runtime: ServiceRuntime,
  ) => {
    const hub = new DecisionHub(engine, (c) => dispatcher.dispatch(c), settings.flushIntervalMs, runtime.log, runtime.metrics);
    runtime.readiness.register('usage-rebuilt', () => hub.isReady());
    return withLifecycle(hub, runtime.log);
  },
};

/** Replays this month's usage.v1 into the counters, then follows it (intake). */
export const usageLogReader: FactoryProvider<UsageLogReader> = {
  provide: UsageLogReader,
  inject: [KAFKA, DecisionHub, SETTINGS, RUNTIME],
  useFactory: (kafka: Kafka, hub: DecisionHub, settings: BudgetEnforcerSettings, runtime: ServiceRuntime) =>
    withLifecycle(
      new UsageLogReader(
        kafka,
        topicName(settings.kafkaTopicPrefix, TOPICS.usage),
        () => replayStartMs(Date.now()) - REPLAY_MARGIN_MS,
        (events) => hub.record(events),
        runtime.log,
        settings.kafkaTopicPrefix,
        runtime.metrics,
      ),
      runtime.log,
    ),
};

/** Once usage is replayed: decisions are served and pending alerts resume; alert delivery stops before the drain. */
export const decisions: FactoryProvider = {
  provide: DECISIONS,
  inject: [DecisionHub, AlertDispatcher, UsageLogReader, LOG],
  useFactory: (hub: DecisionHub, dispatcher: AlertDispatcher, _usage: unknown, log: Log) =>
    withLifecycle(
      {
        name: 'decisions',
        stopPhase: 'intake',
        start: async () => {
          hub.markReady();
          dispatcher.resumePending();
        },
        stop: async () => dispatcher.stop(),
      },
      log,
    ),
};

export const enforcerGrpcServer: FactoryProvider<GrpcServerHost> = {
  provide: GrpcServerHost,
  inject: [DecisionHub, BudgetEngine, DECISIONS, SETTINGS, RUNTIME],
  useFactory: (hub: DecisionHub, engine: BudgetEngine, _decisions: unknown, settings: BudgetEnforcerSettings, runtime: ServiceRuntime) =>
    new GrpcServerHost(
      `${settings.httpHost}:${settings.grpcPort}`,
      // Decision streams never end on their own: the hub ends them before the server drains (its own stop is then a no-op).
      [
        {
          definition: BudgetEnforcerService,
          implementation: decisionStreamHandlers(hub, engine),
          sessions: { drain: () => hub.stop() },
          callers: 'peer-services',
        },
      ],
      runtime,
      // ...and what is left is cancelled promptly.
      1_000,
    ),
};
