import { enumVar, intVar, portVar, stringVar } from './settings-field';

/** HTTP, gRPC, logging and shutdown settings every service has; ports differ per service. */
export function serviceSettingsSpec(prefix: string, httpPort: number, grpcPort?: number) {
  return {
    instanceId: stringVar('INSTANCE_ID', 'Name of this replica in logs and Kafka client ids; empty means <hostname>-<pid>', {
      default: '',
    }),
    httpHost: stringVar('HTTP_HOST', 'Interface the HTTP (and gRPC) servers bind to', { default: '127.0.0.1' }),
    httpPort: portVar(`${prefix}_HTTP_PORT`, `HTTP port of ${prefix.toLowerCase().replace(/_/g, '-')} (health, metrics, APIs)`, httpPort),
    grpcPort: portVar(`${prefix}_GRPC_PORT`, `gRPC port of ${prefix.toLowerCase().replace(/_/g, '-')}`, grpcPort ?? 0),
    logLevel: enumVar('LOG_LEVEL', 'Log level', ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const, { default: 'info' }),
    shutdownGraceMs: intVar('SHUTDOWN_GRACE_MS', 'On SIGTERM, how long /readyz fails before the service stops accepting connections', {
      default: 0,
      min: 0,
    }),
    shutdownTimeoutMs: intVar('SHUTDOWN_TIMEOUT_MS', 'Longest drain of in-flight requests on shutdown', { default: 25_000, min: 0 }),
  };
}
