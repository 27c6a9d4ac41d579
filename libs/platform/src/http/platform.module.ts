import { DynamicModule, Global, Module } from '@nestjs/common';
import { OpsController } from './ops.controller';
import { LOG, METRICS, READINESS, RUNTIME, ServiceRuntime, SETTINGS } from './runtime';

/** The runtime and the service's env settings, injectable in every module of the service. */
@Global()
@Module({})
export class PlatformModule {
  static forRuntime(runtime: ServiceRuntime, settings: object): DynamicModule {
    return {
      module: PlatformModule,
      controllers: [OpsController],
      providers: [
        { provide: RUNTIME, useValue: runtime },
        { provide: LOG, useValue: runtime.log },
        { provide: METRICS, useValue: runtime.metrics },
        { provide: READINESS, useValue: runtime.readiness },
        { provide: SETTINGS, useValue: settings },
      ],
      exports: [RUNTIME, LOG, METRICS, READINESS, SETTINGS],
    };
  }
}
