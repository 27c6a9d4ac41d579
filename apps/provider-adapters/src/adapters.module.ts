import { DynamicModule, Module } from '@nestjs/common';
import { ConfigLogModule } from '@switchyard/config-sync';
import { TOPICS } from '@switchyard/event-bus';
import { PlatformModule, ServiceRuntime } from '@switchyard/platform';
import { AttemptExecutor } from '@switchyard/providers';
import { adaptersGrpcServer, attemptExecutor, credentialCipher, upstreamClient, usagePublisher, usageRecorder } from './adapters.providers';
import type { ProviderAdaptersSettings } from './settings';
import { CredentialStore } from './credential-store';
import { UsageRecorder } from './usage-recorder';

/*
 * provider-adapters' module map. Each module names the modules it depends on
 * in `imports`; Nest starts a module's providers after those of its imports
 * (and, within a module, after the providers they are built from) and stops
 * them in reverse. Peers it calls: none (SERVICE_TOPOLOGY).
 *
 *   config-log     Kafka client, topics usage.v1 + config.v1, ConfigState  (ConfigLogModule)
 *   usage          usage.v1 publisher, one priced event per attempt        <- config-log
 *   invocation     credentials, upstream pools, AttemptExecutor                <- config-log, usage
 *   adapters-grpc  ProviderAdaptersService (Session) on its gRPC port      <- invocation
 */
const configLog = ConfigLogModule.forService([TOPICS.usage, TOPICS.config]);

@Module({ imports: [configLog], providers: [usagePublisher, usageRecorder], exports: [UsageRecorder] })
export class UsageModule {}

@Module({
  imports: [configLog, UsageModule],
  providers: [credentialCipher, CredentialStore, upstreamClient, attemptExecutor],
  exports: [AttemptExecutor],
})
export class InvocationModule {}

@Module({ imports: [InvocationModule], providers: [adaptersGrpcServer] })
export class AdaptersGrpcModule {}

@Module({})
export class ProviderAdaptersModule {
  static register(settings: ProviderAdaptersSettings, runtime: ServiceRuntime): DynamicModule {
    return { module: ProviderAdaptersModule, imports: [PlatformModule.forRuntime(runtime, settings), AdaptersGrpcModule] };
  }
}
