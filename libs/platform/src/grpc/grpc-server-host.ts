import { Server, ServerCredentials, ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import type { ServiceRuntime } from '../http/runtime';
import { SERVER_CHANNEL_OPTIONS } from './channel-options';

export interface GrpcServiceRegistration {
  definition: ServiceDefinition;
  implementation: UntypedServiceImplementation;
  /**
   * Who may call it: `peer-services` only with the service token of a caller
   * SERVICE_TOPOLOGY allows this service; `authenticated-by-handler` when its
   * handlers authenticate every call themselves (tenant API keys, the operator token).
   */
  callers: 'peer-services' | 'authenticated-by-handler';
  /** Long-lived session streams of this service, drained before the server shuts down. */
  sessions?: { drain(timeoutMs: number): Promise<void> };
}

/**
 * Hosts a service's gRPC server inside its Nest lifecycle: bound once the app
 * is up, drained (in-flight calls finish, new ones refused) on shutdown.
 */
export class GrpcServerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly server = new Server(SERVER_CHANNEL_OPTIONS);
  private boundPort = 0;
  private listening = false;

  constructor(
    private readonly address: string,
    private readonly registrations: readonly GrpcServiceRegistration[],
    private readonly runtime: ServiceRuntime,
    private readonly drainTimeoutMs = 10_000,
  ) {
    for (const r of registrations) {
      const implementation = r.callers === 'peer-services' ? runtime.identity.guard(r.definition, r.implementation) : r.implementation;
      this.server.addService(r.definition, implementation);
    }
    runtime.readiness.register('grpc-server', () => this.listening);
  }

  get port(): number {
    return this.boundPort;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.boundPort = await new Promise<number>((resolve, reject) => {
      this.server.bindAsync(this.address, ServerCredentials.createInsecure(), (error, port) => (error ? reject(error) : resolve(port)));
    });
    this.listening = true;
    this.runtime.log.info({ address: this.address, port: this.boundPort }, 'gRPC server listening');
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (!this.listening) return;
    this.listening = false;
    // Sessions never end on their own: let their calls finish, then end them.
    await Promise.all(this.registrations.flatMap((r) => (r.sessions ? [r.sessions.drain(this.drainTimeoutMs)] : [])));
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.runtime.log.warn('gRPC drain timed out; cancelling remaining calls');
        this.server.forceShutdown();
        resolve();
      }, this.drainTimeoutMs);
      this.server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
