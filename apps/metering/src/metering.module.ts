import { DynamicModule, Module } from '@nestjs/common';
import { ClickHouseModule, USAGE_SCHEMA } from '@switchyard/analytics-store';
import { ConfigLogModule } from '@switchyard/config-sync';
import { TOPICS } from '@switchyard/event-bus';
import { PlatformModule, ServiceRuntime } from '@switchyard/platform';
import type { MeteringSettings } from './settings';
import {
  meteringGrpcServer,
  meteringQueries,
  reconciliationJob,
  retentionJob,
  usageConsumer,
  usageReconciliation,
} from './metering.providers';
import { UsageController } from './usage.controller';

/*
 * metering's module map. Each module names the modules it depends on in
 * `imports`; Nest starts a module's providers after those of its imports (and,
 * within a module, after the providers they are built from) and stops them in
 * reverse. Peers it calls: none (SERVICE_TOPOLOGY).
 *
 *   clickhouse     client, health for /readyz, migrations (USAGE_SCHEMA)  (ClickHouseModule)
 *   config-log     Kafka client, topics requests.v1 + usage.v1 + config.v1, ConfigState  (ConfigLogModule)
 *   retention      drops expired partitions                               <- clickhouse
 *   usage-ingest   requests.v1 + usage.v1 -> ClickHouse, commit after write <- clickhouse, config-log
 *   queries        /v1/usage, /v1/billing(.csv), /v1/usage/reconciliation, MeteringQuery gRPC,
 *                  the daily reconciliation job  <- clickhouse, config-log
 */
const clickhouse = ClickHouseModule.forSchema(USAGE_SCHEMA);
const configLog = ConfigLogModule.forService([TOPICS.requests, TOPICS.usage, TOPICS.config]);

@Module({ imports: [clickhouse], providers: [retentionJob] })
export class RetentionModule {}

@Module({ imports: [clickhouse, configLog], providers: [usageConsumer] })
export class UsageIngestModule {}

@Module({
  imports: [clickhouse, configLog],
  controllers: [UsageController],
  providers: [meteringQueries, meteringGrpcServer, usageReconciliation, reconciliationJob],
})
export class QueriesModule {}

@Module({})
export class MeteringModule {
  static register(settings: MeteringSettings, runtime: ServiceRuntime): DynamicModule {
    return {
      module: MeteringModule,
      imports: [PlatformModule.forRuntime(runtime, settings), RetentionModule, UsageIngestModule, QueriesModule],
    };
  }
}
