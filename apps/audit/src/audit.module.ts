import { DynamicModule, Module } from '@nestjs/common';
import { AuditStore, ChainKeys, RetentionJob } from '@switchyard/audit-log';
import { ClickHouseModule, AUDIT_SCHEMA } from '@switchyard/analytics-store';
import { ConfigLogModule } from '@switchyard/config-sync';
import { TOPICS } from '@switchyard/event-bus';
import { PlatformModule, ServiceRuntime } from '@switchyard/platform';
import { AuditController } from './audit.controller';
import { auditGrpcServer, auditStore, chainKeys, configEventsConsumer, retentionJob } from './audit.providers';
import type { AuditSettings } from './settings';

/*
 * audit's module map. Each module names the modules it depends on in
 * `imports`; Nest starts a module's providers after those of its imports (and,
 * within a module, after the providers they are built from) and stops them in
 * reverse. Peers it calls: none (SERVICE_TOPOLOGY).
 *
 *   clickhouse   client, health for /readyz, migrations (AUDIT_SCHEMA)  (ClickHouseModule)
 *   config-log   Kafka client, topic config.v1, ConfigState  (ConfigLogModule)
 *   audit-log    chain keys, store, config.v1 -> hash chain (commit after write), raw-log retention
 *                                                        <- clickhouse, config-log
 *   audit-query  /audit/v1 REST, AuditQuery gRPC          <- audit-log
 */
const clickhouse = ClickHouseModule.forSchema(AUDIT_SCHEMA);
const configLog = ConfigLogModule.forService([TOPICS.config]);

@Module({
  imports: [clickhouse, configLog],
  providers: [chainKeys, auditStore, configEventsConsumer, retentionJob],
  exports: [AuditStore, ChainKeys, RetentionJob],
})
export class AuditLogModule {}

@Module({ imports: [AuditLogModule], controllers: [AuditController], providers: [auditGrpcServer] })
export class AuditQueryModule {}

@Module({})
export class AuditModule {
  static register(settings: AuditSettings, runtime: ServiceRuntime): DynamicModule {
    return { module: AuditModule, imports: [PlatformModule.forRuntime(runtime, settings), AuditQueryModule] };
  }
}
