import { DynamicModule, Global, Module } from '@nestjs/common';
import { OpsController } from './ops.controller';
import { LOG, METRICS, READINESS, RUNTIME, ServiceRuntime } from './runtime';

@Global()
@Module({})
export class PlatformModule {
  static forRuntime(runtime: ServiceRuntime): DynamicModule {
    return {
      module: PlatformModule,
      controllers: [OpsController],
      providers: [
        { provide: RUNTIME, useValue: runtime },
        { provide: LOG, useValue: runtime.log },
        { provide: METRICS, useValue: runtime.metrics },
        { provide: READINESS, useValue: runtime.readiness },
      ],
      exports: [RUNTIME, LOG, METRICS, READINESS],
    };
  }
}
