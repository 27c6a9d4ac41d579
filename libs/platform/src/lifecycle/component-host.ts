import type { BeforeApplicationShutdown, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Log } from '../logging/logger';

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

/**
 * Starts a service's components in order before it accepts traffic, and stops
 * them in reverse order around the HTTP/gRPC drain.
 */
export class ComponentHost implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly started: ManagedComponent[] = [];

  constructor(
    private readonly components: readonly ManagedComponent[],
    private readonly log: Log,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const component of this.components) {
      const t0 = Date.now();
      await component.start();
      this.started.push(component);
      this.log.info({ component: component.name, ms: Date.now() - t0 }, 'component started');
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stopPhase('intake');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stopPhase('outlet');
  }

  private async stopPhase(phase: ManagedComponent['stopPhase']): Promise<void> {
    for (const component of [...this.started].reverse()) {
      if (component.stopPhase !== phase) continue;
      try {
        await component.stop();
        this.log.info({ component: component.name }, 'component stopped');
      } catch (error) {
        this.log.error({ err: error, component: component.name }, 'component did not stop cleanly');
      }
    }
  }
}
