import { status } from '@grpc/grpc-js';
import type { ClientOptions, ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import { Counter, Registry } from 'prom-client';
import type { Log } from '../../logging/logger';
import type { SettingsOf } from '../../settings/load-settings';
import { boolVar, stringVar } from '../../settings/settings-field';
import { callersOf, isServiceName, ServiceName } from '../../topology/service-topology';
import { parsePeerKeys, parsePrivateKey } from './service-token';
import { guardImplementation, ServiceTokenGuard } from './token-guard';
import { ServiceTokenIssuer, serviceTokenInterceptor } from './token-issuer';

export const serviceIdentitySettingsSpec = {
  serviceIdentityKey: stringVar(
    'SERVICE_IDENTITY_KEY',
    "This service's own Ed25519 private key (base64 of PKCS#8 DER, or PEM) signing its gRPC calls to other services (docs/operations.md, Service identity); required unless SERVICE_IDENTITY_DISABLED",
    { default: '', secret: true },
  ),
  serviceIdentityPeers: stringVar(
    'SERVICE_IDENTITY_PEERS',
    'Public keys of the services, "service=base64(SPKI)[,...]" (a service listed twice while its key is rotated); a gRPC server needs those of the callers SERVICE_TOPOLOGY allows it',
    { default: '' },
  ),
  serviceIdentityDisabled: boolVar(
    'SERVICE_IDENTITY_DISABLED',
    'true: service-to-service gRPC calls are neither signed nor checked (development only; a warning at start)',
    { default: false },
  ),
};

export type ServiceIdentitySettings = SettingsOf<typeof serviceIdentitySettingsSpec>;

/** How this service proves who it is to its peers and checks who calls it (signed service tokens). */
export interface ServiceIdentity {
  /** Options of a channel to `callee`: every call carries this service's token for it. */
  clientOptions(callee: ServiceName): Partial<ClientOptions>;
  /** The implementation of a service only peers may call, refusing calls without a valid token of an allowed caller. */
  guard(definition: ServiceDefinition, implementation: UntypedServiceImplementation): UntypedServiceImplementation;
}

/**
 * Builds the identity from the settings, or fails the start with what is
 * missing: a key, unless explicitly disabled, and the public key of every
 * caller SERVICE_TOPOLOGY allows this service.
 */
export function createServiceIdentity(service: string, settings: ServiceIdentitySettings, log: Log, metrics: Registry): ServiceIdentity {
  if (settings.serviceIdentityDisabled) {
    log.warn('SERVICE_IDENTITY_DISABLED=true: gRPC calls between services are neither signed nor checked (development only)');
    return { clientOptions: () => ({}), guard: (_definition, implementation) => implementation };
  }
  if (!isServiceName(service)) throw new Error(`${service} is not a service of SERVICE_TOPOLOGY`);
  if (!settings.serviceIdentityKey) {
    throw new Error(
      `SERVICE_IDENTITY_KEY is not set: ${service} needs its own Ed25519 private key for gRPC between services ` +
        '(`npm run identity:keys` prints a set; docs/operations.md, Service identity). ' +
        'Set SERVICE_IDENTITY_DISABLED=true to run without service tokens (development only).',
    );
  }
  const issuer = new ServiceTokenIssuer(
    service,
    readKey(() => parsePrivateKey(settings.serviceIdentityKey), 'SERVICE_IDENTITY_KEY'),
  );
  const peers = readKey(() => parsePeerKeys(settings.serviceIdentityPeers), 'SERVICE_IDENTITY_PEERS');
  const missing = callersOf(service).filter((caller) => !peers.get(caller)?.length);
  if (missing.length > 0) {
    throw new Error(`SERVICE_IDENTITY_PEERS has no public key of ${missing.join(', ')}, allowed to call ${service} by SERVICE_TOPOLOGY`);
  }
  const guard = new ServiceTokenGuard(service, peers);
  const refused = new Counter({
    name: 'switchyard_grpc_service_token_refusals_total',
    help: 'gRPC calls refused for want of a valid service token (UNAUTHENTICATED) or of an allowed caller (PERMISSION_DENIED).',
    labelNames: ['code'],
    registers: [metrics],
  });
  return {
    clientOptions: (callee) => ({ interceptors: [serviceTokenInterceptor(() => issuer.tokenFor(callee))] }),
    guard: (definition, implementation) =>
      guardImplementation(definition, implementation, (metadata) => {
        const refusal = guard.checkMetadata(metadata);
        if (refusal) {
          const code = refusal.code === status.UNAUTHENTICATED ? 'UNAUTHENTICATED' : 'PERMISSION_DENIED';
          refused.inc({ code });
          log.warn({ code, reason: refusal.details }, 'gRPC call refused: service token');
        }
        return refusal;
      }),
  };
}

function readKey<T>(read: () => T, env: string): T {
  try {
    return read();
  } catch (error) {
    throw new Error(`${env} is invalid: ${error instanceof Error ? error.message : String(error)}`);
  }
}
