import { serviceIdentitySettingsSpec } from '../grpc/service-identity/service-identity';
import { enumVar, intVar, portVar, stringVar } from './settings-field';

/** HTTP, gRPC (service identity included), logging and shutdown settings every service has; ports differ per service. */
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
    ...serviceIdentitySettingsSpec,
  };
}

/**
 * SWITCHYARD_KEKS, declared once for the four services that seal or open secrets.
 * Ingress can run without one (its admin API then refuses to store secrets);
 * the others need it to open what was sealed, so they require it.
 */
export function keyEncryptionKeysSettingsSpec(need: 'required' | 'optional') {
  return {
    keyEncryptionKeys: stringVar(
      'SWITCHYARD_KEKS',
      'Key-encryption keys "id:base64(32 bytes)[,id:...]": the first seals new provider credentials and webhook secrets and derives the audit chain MAC key; keep older ones listed to open what they sealed. Required by provider-adapters, budget-enforcer and audit; empty in ingress: the admin API cannot store secrets',
      need === 'optional' ? { default: '', secret: true } : { secret: true },
    ),
  };
}
