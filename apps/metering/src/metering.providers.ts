import type { ClickHouseClient } from '@clickhouse/client';
import type { FactoryProvider } from '@nestjs/common';
import { CLICKHOUSE, CLICKHOUSE_MIGRATIONS, retentionByTable } from '@switchyard/analytics-store';
import { KAFKA, KAFKA_TOPICS } from '@switchyard/config-sync';
import { MeteringQueryService } from '@switchyard/contracts';
import { ConfigState } from '@switchyard/control-plane';
import { CommitAfterWriteConsumer, TOPICS, topicName } from '@switchyard/event-bus';
import { parseUsageReportSources } from '@switchyard/usage-accounting';
import { GrpcServerHost, LOG, Log, RUNTIME, ServiceRuntime, SETTINGS, withLifecycle } from '@switchyard/platform';
import type { Kafka } from 'kafkajs';
import type { MeteringSettings } from './settings';
import { meteringGrpcHandlers } from './metering-grpc.handlers';
import { MeteringQueries } from './metering-queries';
import { ReconciliationJob } from './reconciliation-job';
import { RetentionJob } from './retention-job';
import { UsageReconciliation } from './usage-reconciliation';
import { UsageWriter } from './usage-writer';

export const USAGE_CONSUMER = Symbol('switchyard.metering.usage-consumer');

export const retentionJob: FactoryProvider<RetentionJob> = {
  provide: RetentionJob,
  inject: [CLICKHOUSE, CLICKHOUSE_MIGRATIONS, SETTINGS, LOG],
  useFactory: (clickhouse: ClickHouseClient, _migrations: unknown, settings: MeteringSettings, log: Log) => {
    const keep = retentionByTable({
      raw: settings.rawRetentionDays,
      minute: settings.minuteRetentionDays,
      hour: settings.hourRetentionDays,
      day: settings.dayRetentionDays,
    });
    return withLifecycle(new RetentionJob(clickhouse, settings.clickhouseDatabase, keep, settings.retentionIntervalMs, log), log);
  },
};

/** requests.v1 + usage.v1 into ClickHouse, offsets committed after the write (intake: stops before the drain). */
export const usageConsumer: FactoryProvider<CommitAfterWriteConsumer> = {
  provide: USAGE_CONSUMER,
  inject: [KAFKA, KAFKA_TOPICS, CLICKHOUSE, CLICKHOUSE_MIGRATIONS, ConfigState, SETTINGS, RUNTIME],
  useFactory: (
    kafka: Kafka,
    _topics: unknown,
    clickhouse: ClickHouseClient,
    _migrations: unknown,
    config: ConfigState,
    settings: MeteringSettings,
    runtime: ServiceRuntime,
  ) => {
    const topics = {
      requests: topicName(settings.kafkaTopicPrefix, TOPICS.requests),
      usage: topicName(settings.kafkaTopicPrefix, TOPICS.usage),
    };
    const writer = new UsageWriter(
      clickhouse,
      settings.clickhouseDatabase,
      topics,
      runtime.log,
      runtime.metrics,
      settings.rawRetentionDays,
    );
    const consumer = new CommitAfterWriteConsumer(
      kafka,
      {
        groupId: `${settings.kafkaTopicPrefix}metering`,
        topics: [topics.requests, topics.usage],
        write: (messages, context) => writer.write(messages, context),
      },
      runtime.log,
      runtime.metrics,
    );
    runtime.readiness.register('kafka-consumer', () => consumer.isHealthy());
    return withLifecycle(consumer, runtime.log);
  },
};

export const meteringQueries: FactoryProvider<MeteringQueries> = {
  provide: MeteringQueries,
  inject: [ConfigState, CLICKHOUSE, SETTINGS],
  useFactory: (config: ConfigState, clickhouse: ClickHouseClient, settings: MeteringSettings) =>
    new MeteringQueries(config, clickhouse, settings.clickhouseDatabase, settings.operatorToken),
};

export const meteringGrpcServer: FactoryProvider<GrpcServerHost> = {
  provide: GrpcServerHost,
  inject: [MeteringQueries, SETTINGS, RUNTIME],
  useFactory: (queries: MeteringQueries, settings: MeteringSettings, runtime: ServiceRuntime) =>
    new GrpcServerHost(
      `${settings.httpHost}:${settings.grpcPort}`,
      // Tenant API keys or the operator token, checked by the handlers.
      [
        {
          definition: MeteringQueryService,
          implementation: meteringGrpcHandlers(queries, runtime.log),
          callers: 'authenticated-by-handler',
        },
      ],
      runtime,
      settings.shutdownTimeoutMs,
    ),
};

export const usageReconciliation: FactoryProvider<UsageReconciliation> = {
  provide: UsageReconciliation,
  inject: [CLICKHOUSE, SETTINGS, RUNTIME],
  useFactory: (clickhouse: ClickHouseClient, settings: MeteringSettings, runtime: ServiceRuntime) =>
    new UsageReconciliation(
      clickhouse,
      settings.clickhouseDatabase,
      parseUsageReportSources(settings.reconciliationSources),
      { ratio: settings.reconciliationDriftBps / 10_000, tokens: settings.reconciliationDriftTokens },
      runtime.log,
      runtime.metrics,
    ),
};

/** The daily reconciliation of the previous UTC day; after the migrations, so a first run finds the tables. */
export const reconciliationJob: FactoryProvider<ReconciliationJob> = {
  provide: ReconciliationJob,
  inject: [UsageReconciliation, CLICKHOUSE_MIGRATIONS, SETTINGS, RUNTIME],
  useFactory: (reconciliation: UsageReconciliation, _migrations: unknown, settings: MeteringSettings, runtime: ServiceRuntime) =>
    withLifecycle(
      new ReconciliationJob(
        reconciliation,
        settings.reconciliationSchedule,
        settings.reconciliationRunOnStart,
        runtime.log,
        runtime.metrics,
      ),
      runtime.log,
    ),
};
