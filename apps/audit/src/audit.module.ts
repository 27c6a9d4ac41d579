import { status } from '@grpc/grpc-js';
import { DynamicModule, Module } from '@nestjs/common';
import { AuditQueryService } from '@switchyard/contracts';
import type { AuditQueryServer } from '@switchyard/contracts';
import { createKafka, ensureTopics, TOPICS } from '@switchyard/event-bus';
import { ComponentHost, GrpcServerHost, PlatformModule, ServiceRuntime } from '@switchyard/platform';
import type { AuditConfig } from './config';

// The hash-chained audit store is built in its own issue; until then the
// query API says so instead of pretending.
const notYetAvailable: AuditQueryServer = {
  verifyChain: (_call, callback) => callback({ code: status.UNIMPLEMENTED, details: 'the audit chain is not available in this version' }),
};

@Module({})
export class AuditModule {
  static register(config: AuditConfig, runtime: ServiceRuntime): DynamicModule {
    const kafka = createKafka(config, `audit-${runtime.instance}`, runtime.log);
    const components = new ComponentHost(
      [{ name: 'kafka-topics', stopPhase: 'outlet', start: () => ensureTopics(kafka, config.kafkaTopicPrefix, [TOPICS.config]), stop: async () => undefined }],
      runtime.log,
    );
    const grpc = new GrpcServerHost(`${config.httpHost}:${config.grpcPort}`, [{ definition: AuditQueryService, implementation: notYetAvailable }], runtime, config.shutdownTimeoutMs);
    return {
      module: AuditModule,
      imports: [PlatformModule.forRuntime(runtime)],
      providers: [
        { provide: ComponentHost, useValue: components },
        { provide: GrpcServerHost, useValue: grpc },
      ],
    };
  }
}
