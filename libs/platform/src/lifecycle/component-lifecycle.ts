import type { BeforeApplicationShutdown, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Log } from '../logging/logger';

/** Something a service starts before it accepts traffic and stops around the drain (a consumer, a producer, a timer). */
export interface ManagedComponent {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * "intake" components (consumers, stream subscriptions) stop before HTTP and
   * gRPC drain; "outlet" components (producers, config readers) stop after, so
   * in-flight requests can still publish their events.
   */
  readonly stopPhase: 'intake' | 'outlet';
}

export type NestManaged<T extends ManagedComponent> = T & OnModuleInit & BeforeApplicationShutdown & OnApplicationShutdown;

/**
 * Puts a component on Nest's lifecycle, for the factory providers of library
 * classes: Nest starts it (onModuleInit) after every provider it is built
 * from, and stops it in reverse order, in its phase — "intake" before the
 * HTTP/gRPC drain, "outlet" after it.
 */
export function withLifecycle<T extends ManagedComponent>(component: T, log: Log): NestManaged<T> {
  const stop = async (): Promise<void> => {
    try {
      await component.stop();
      log.info({ component: component.name }, 'component stopped');
    } catch (error) {
      log.error({ err: error, component: component.name }, 'component did not stop cleanly');
    }
  };
  return Object.assign(component, {
    onModuleInit: async (): Promise<void> => {
      const t0 = Date.now();
      await component.start();
      log.info({ component: component.name, ms: Date.now() - t0 }, 'component started');
    },
    beforeApplicationShutdown: async (): Promise<void> => {
      if (component.stopPhase === 'intake') await stop();
    },
    onApplicationShutdown: async (): Promise<void> => {
      if (component.stopPhase === 'outlet') await stop();
    },
  });
}
