import { DynamicModule, Module } from '@nestjs/common';
import { BudgetEngine } from '@switchyard/budgets';
import { ConfigLogModule } from '@switchyard/config-sync';
import { TOPICS } from '@switchyard/event-bus';
import { PlatformModule, ServiceRuntime } from '@switchyard/platform';
import { AlertDispatcher } from './alert-dispatcher';
import { AlertStore } from './alert-store';
import {
  alertDispatcher,
  alertPublisher,
  alertStore,
  budgetEngine,
  decisionHub,
  decisions,
  DECISIONS,
  enforcerGrpcServer,
  usageLogReader,
} from './budget-enforcer.providers';
import type { BudgetEnforcerSettings } from './settings';
import { CountersController } from './counters.controller';
import { DecisionHub } from './decision-hub';

/*
 * budget-enforcer's module map. Each module names the modules it depends on in
 * `imports`; Nest starts a module's providers after those of its imports (and,
 * within a module, after the providers they are built from) and stops them in
 * reverse. Peers it calls: none (SERVICE_TOPOLOGY); every router subscribes to it.
 *
 *   config-log    Kafka client, topics config.v1 + usage.v1 + budget-alerts.v1, ConfigState  (ConfigLogModule)
 *   alerts        alert publisher, alert log, webhook dispatcher        <- config-log
 *   budgets       engine, decision hub; then usage.v1 replay; then decisions served
 *                                                                       <- config-log, alerts
 *   enforcer-api  BudgetEnforcer gRPC (decision streams), /v1/budgets   <- budgets
 */
const configLog = ConfigLogModule.forService([TOPICS.config, TOPICS.usage, TOPICS.budgetAlerts]);

@Module({
  imports: [configLog],
  providers: [alertPublisher, alertStore, alertDispatcher],
  exports: [AlertStore, AlertDispatcher],
})
export class AlertsModule {}

@Module({
  imports: [configLog, AlertsModule],
  providers: [budgetEngine, decisionHub, usageLogReader, decisions],
  exports: [BudgetEngine, DecisionHub, DECISIONS],
})
export class BudgetsModule {}

@Module({ imports: [BudgetsModule, AlertsModule], controllers: [CountersController], providers: [enforcerGrpcServer] })
export class EnforcerApiModule {}

@Module({})
export class BudgetEnforcerModule {
  static register(settings: BudgetEnforcerSettings, runtime: ServiceRuntime): DynamicModule {
    return { module: BudgetEnforcerModule, imports: [PlatformModule.forRuntime(runtime, settings), EnforcerApiModule] };
  }
}
