import { DynamicModule, Module } from '@nestjs/common';
import { AUDIT_SCHEMA, ClickHouseHealth, createClickHouse, runMigrations } from '@switchyard/analytics-store';
import { AuditStore, AuditWriter, ChainKeys, RetentionJob } from '@switchyard/audit-log';
import { ConfigSync } from '@switchyard/config-sync';
import { AuditQueryService } from '@switchyard/contracts';
import type { AuditQueryServer } from '@switchyard/contracts';
import { parseKeyEncryptionKeys } from '@switchyard/control-plane';
import { CommitAfterWriteConsumer, createKafka, kafkaTopicsComponent, TOPICS, topicName } from '@switchyard/event-bus';
import { ComponentHost, GrpcServerHost, PlatformModule, ServiceRuntime } from '@switchyard/platform';
import { status } from '@grpc/grpc-js';
import { AUDIT_DEPS, AuditDeps } from './audit-deps';
import { AuditController } from './audit.controller';
import type { AuditConfig } from './config';

@Module({})
export class AuditModule {
  static register(config: AuditConfig, runtime: ServiceRuntime): DynamicModule {
    const { log, readiness } = runtime;
    const kafka = createKafka(config, `audit-${runtime.instance}`, log);
    const configTopic = topicName(config.kafkaTopicPrefix, TOPICS.config);
    const clickhouse = createClickHouse(config);
    const { keks, currentKekId } = parseKeyEncryptionKeys(config.keyEncryptionKeys);
    const keys = new ChainKeys(keks, currentKekId);
    const store = new AuditStore(clickhouse, config.clickhouseDatabase);
    const configSync = new ConfigSync(kafka, configTopic, `audit.config.${runtime.instance}`, log);
    const writer = new AuditWriter(store, keys, (userId) => configSync.state.users.get(userId)?.tenantId ?? '', log);
    const consumer = new CommitAfterWriteConsumer(
      kafka,
      { groupId: `${config.kafkaTopicPrefix}audit`, topics: [configTopic], write: async (messages) => void (await writer.write(messages)) },
      log,
    );
    const retention = new RetentionJob(
      clickhouse,
      config.clickhouseDatabase,
      configSync.state,
      config.defaultRetentionDays,
      config.retentionIntervalMs,
      log,
    );
    const health = new ClickHouseHealth(clickhouse);
    const deps: AuditDeps = { store, keys, retention };

    readiness.register('clickhouse', () => health.isHealthy());
    configSync.registerReadiness(readiness);
    readiness.register('kafka-consumer', () => consumer.isHealthy());
    const components = new ComponentHost(
      [
        health,
        {
          name: 'clickhouse-migrations',
          stopPhase: 'outlet',
          start: async () => void (await runMigrations(clickhouse, config.clickhouseDatabase, AUDIT_SCHEMA, log)),
          stop: async () => undefined,
        },
        kafkaTopicsComponent(kafka, config.kafkaTopicPrefix, [TOPICS.config], log),
        configSync,
        consumer,
        retention,
      ],
      log,
    );
    const grpc = new GrpcServerHost(
      `${config.httpHost}:${config.grpcPort}`,
      [{ definition: AuditQueryService, implementation: auditQuery(deps) }],
      runtime,
      config.shutdownTimeoutMs,
    );
    return {
      module: AuditModule,
      imports: [PlatformModule.forRuntime(runtime)],
      controllers: [AuditController],
      providers: [
        { provide: AUDIT_DEPS, useValue: deps },
        { provide: ComponentHost, useValue: components },
        { provide: GrpcServerHost, useValue: grpc },
      ],
    };
  }
}

function auditQuery(deps: AuditDeps): AuditQueryServer {
  return {
    verifyChain: (call, callback) => {
      deps.store.verify(deps.keys, call.request.tenantId || undefined).then(
        (v) => callback(null, { intact: v.intact, entriesChecked: v.entriesChecked, firstBrokenSeq: v.firstBrokenSeq, detail: v.detail }),
        () => callback({ code: status.UNAVAILABLE, details: 'the audit log could not be read' }),
      );
    },
  };
}
