import type { Registry } from 'prom-client';
import type { ServiceIdentity } from '../grpc/service-identity/service-identity';
import type { Readiness } from '../health/readiness';
import type { Log } from '../logging/logger';

/** What the platform hands every service module: its logger, metrics, readiness and service identity. */
export interface ServiceRuntime {
  readonly service: string;
  readonly instance: string;
  readonly log: Log;
  readonly metrics: Registry;
  readonly readiness: Readiness;
  /** Signs this service's gRPC calls to its peers and checks its callers (docs/operations.md, Service identity). */
  readonly identity: ServiceIdentity;
}

/** DI tokens for the runtime pieces (interfaces can't be tokens). */
export const LOG = Symbol('switchyard.log');
export const METRICS = Symbol('switchyard.metrics');
export const READINESS = Symbol('switchyard.readiness');
export const RUNTIME = Symbol('switchyard.runtime');
/** The service's env settings (the object its loadSettings returned). */
export const SETTINGS = Symbol('switchyard.settings');
