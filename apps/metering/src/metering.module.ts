import { DynamicModule, Module } from '@nestjs/common';
import { createClickHouse, retentionByTable, runMigrations, USAGE_SCHEMA } from '@switchyard/analytics-store';
import { MeteringQueryService } from '@switchyard/contracts';
import { ConfigSync } from '@switchyard/config-sync';
import { CommitAfterWriteConsumer, createKafka, kafkaTopicsComponent, TOPICS, topicName } from '@switchyard/event-bus';
import { ComponentHost, GrpcServerHost, PlatformModule, ServiceRuntime } from '@switchyard/platform';
import { ClickHouseHealth } from './clickhouse-health';
import type { MeteringConfig } from './config';
import { meteringGrpcHandlers } from './metering-grpc.handlers';
import { MeteringQueries } from './metering-queries';
import { RetentionJob } from './retention-job';
import { UsageController } from './usage.controller';
import { UsageWriter } from './usage-writer';

@Module({})
export class MeteringModule {
  static register(config: MeteringConfig, runtime: ServiceRuntime): DynamicModule {
    const { log, readiness } = runtime;
    const kafka = createKafka(config, `metering-${runtime.instance}`, log);
    const topics = {
      requests: topicName(config.kafkaTopicPrefix, TOPICS.requests),
      usage: topicName(config.kafkaTopicPrefix, TOPICS.usage),
    };
    const clickhouse = createClickHouse(config);
    const configSync = new ConfigSync(kafka, topicName(config.kafkaTopicPrefix, TOPICS.config), `metering.config.${runtime.instance}`, log);
    const writer = new UsageWriter(clickhouse, config.clickhouseDatabase, topics, log, runtime.metrics, config.rawRetentionDays);
    const consumer = new CommitAfterWriteConsumer(
      kafka,
      {
        groupId: `${config.kafkaTopicPrefix}metering`,
        topics: [topics.requests, topics.usage],
        write: (messages, context) => writer.write(messages, context),
      },
      log,
    );
    const health = new ClickHouseHealth(clickhouse);
    const queries = new MeteringQueries(configSync.state, clickhouse, config.clickhouseDatabase, config.operatorToken);
    const keep = retentionByTable({
      raw: config.rawRetentionDays,
      minute: config.minuteRetentionDays,
      hour: config.hourRetentionDays,
      day: config.dayRetentionDays,
    });

    readiness.register('clickhouse', () => health.isHealthy());
    readiness.register('config-log', () => configSync.isCaughtUp());
    readiness.register('kafka-consumer', () => consumer.isHealthy());
    const components = new ComponentHost(
      [
        health,
        {
          name: 'clickhouse-migrations',
          stopPhase: 'outlet',
          start: async () => void (await runMigrations(clickhouse, config.clickhouseDatabase, USAGE_SCHEMA, log)),
          stop: async () => undefined,
        },
        new RetentionJob(clickhouse, config.clickhouseDatabase, keep, config.retentionIntervalMs, log),
        kafkaTopicsComponent(kafka, config.kafkaTopicPrefix, [TOPICS.requests, TOPICS.usage, TOPICS.config], log),
        configSync,
        consumer,
      ],
      log,
    );
    const grpc = new GrpcServerHost(
      `${config.httpHost}:${config.grpcPort}`,
      [{ definition: MeteringQueryService, implementation: meteringGrpcHandlers(queries, log) }],
      runtime,
      config.shutdownTimeoutMs,
    );
    return {
      module: MeteringModule,
      imports: [PlatformModule.forRuntime(runtime)],
      controllers: [UsageController],
      providers: [
        { provide: ComponentHost, useValue: components },
        { provide: GrpcServerHost, useValue: grpc },
        { provide: MeteringQueries, useValue: queries },
      ],
    };
  }
}
