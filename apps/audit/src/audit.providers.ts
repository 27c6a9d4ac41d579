import type { ClickHouseClient } from '@clickhouse/client';
import type { FactoryProvider } from '@nestjs/common';
import { CLICKHOUSE, CLICKHOUSE_MIGRATIONS } from '@switchyard/analytics-store';
import { AuditStore, AuditWriter, ChainKeys, ChainMetrics, RetentionJob } from '@switchyard/audit-log';
import { KAFKA, KAFKA_TOPICS } from '@switchyard/config-sync';
import { AuditQueryService } from '@switchyard/contracts';
import { ConfigState, parseKeyEncryptionKeys } from '@switchyard/control-plane';
import { CommitAfterWriteConsumer, TOPICS, topicName } from '@switchyard/event-bus';
import { GrpcServerHost, LOG, Log, RUNTIME, ServiceRuntime, SETTINGS, withLifecycle } from '@switchyard/platform';
import type { Kafka } from 'kafkajs';
import { auditGrpcHandlers } from './audit-grpc.handlers';
import type { AuditSettings } from './settings';

export const CONFIG_EVENTS_CONSUMER = Symbol('switchyard.audit.config-events-consumer');

export const chainKeys: FactoryProvider<ChainKeys> = {
  provide: ChainKeys,
  inject: [SETTINGS],
  useFactory: (settings: AuditSettings) => {
    const { keks, currentKekId } = parseKeyEncryptionKeys(settings.keyEncryptionKeys);
    return new ChainKeys(keks, currentKekId);
  },
};

export const auditStore: FactoryProvider<AuditStore> = {
  provide: AuditStore,
  inject: [CLICKHOUSE, CLICKHOUSE_MIGRATIONS, SETTINGS, RUNTIME],
  useFactory: (clickhouse: ClickHouseClient, _migrations: unknown, settings: AuditSettings, runtime: ServiceRuntime) =>
    new AuditStore(clickhouse, settings.clickhouseDatabase, runtime.metrics),
};

/** config.v1 into the hash chain, offsets committed after the write (intake: stops before the drain). */
export const configEventsConsumer: FactoryProvider<CommitAfterWriteConsumer> = {
  provide: CONFIG_EVENTS_CONSUMER,
  inject: [KAFKA, KAFKA_TOPICS, AuditStore, ChainKeys, ConfigState, SETTINGS, RUNTIME],
  useFactory: (
    kafka: Kafka,
    _topics: unknown,
    store: AuditStore,
    keys: ChainKeys,
    config: ConfigState,
    settings: AuditSettings,
    runtime: ServiceRuntime,
  ) => {
    const writer = new AuditWriter(
      store,
      keys,
      (userId) => config.users.get(userId)?.tenantId ?? '',
      runtime.log,
      new ChainMetrics(runtime.metrics),
    );
    const consumer = new CommitAfterWriteConsumer(
      kafka,
      {
        groupId: `${settings.kafkaTopicPrefix}audit`,
        topics: [topicName(settings.kafkaTopicPrefix, TOPICS.config)],
        write: async (messages) => void (await writer.write(messages)),
      },
      runtime.log,
      runtime.metrics,
    );
    runtime.readiness.register('kafka-consumer', () => consumer.isHealthy());
    return withLifecycle(consumer, runtime.log);
  },
};

export const retentionJob: FactoryProvider<RetentionJob> = {
  provide: RetentionJob,
  inject: [CLICKHOUSE, CONFIG_EVENTS_CONSUMER, ConfigState, SETTINGS, LOG],
  useFactory: (clickhouse: ClickHouseClient, _consumer: unknown, config: ConfigState, settings: AuditSettings, log: Log) =>
    withLifecycle(
      new RetentionJob(clickhouse, settings.clickhouseDatabase, config, settings.defaultRetentionDays, settings.retentionIntervalMs, log),
      log,
    ),
};

export const auditGrpcServer: FactoryProvider<GrpcServerHost> = {
  provide: GrpcServerHost,
  inject: [AuditStore, ChainKeys, SETTINGS, RUNTIME],
  useFactory: (store: AuditStore, keys: ChainKeys, settings: AuditSettings, runtime: ServiceRuntime) =>
    new GrpcServerHost(
      `${settings.httpHost}:${settings.grpcPort}`,
      [
        {
          definition: AuditQueryService,
          implementation: auditGrpcHandlers(store, keys),
          callers: 'peer-services',
        },
      ],
      runtime,
      settings.shutdownTimeoutMs,
    ),
};
