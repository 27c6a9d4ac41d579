import { Metadata, type ServiceError } from '@grpc/grpc-js';
import type { AuditLogReader } from '@switchyard/admin';
import { AuditQueryClient } from '@switchyard/contracts';
import { createGrpcClient } from '@switchyard/platform';
import type { ServiceIdentity } from '@switchyard/platform';

const DEADLINE_MS = 10_000;

/** The admin API's audit-log routes over the audit service's AuditQuery gRPC; not a readiness check (serving never needs it). */
export function auditLogReader(address: string, identity: ServiceIdentity): AuditLogReader & { close(): void } {
  const client = createGrpcClient(AuditQueryClient, { service: 'audit', address }, identity);
  const deadline = () => ({ deadline: Date.now() + DEADLINE_MS });
  const settle =
    <T>(resolve: (v: T) => void, reject: (e: Error) => void) =>
    (error: ServiceError | null, value: T) =>
      error ? reject(error) : resolve(value);
  return {
    list: (request) => new Promise((resolve, reject) => client.listEntries(request, new Metadata(), deadline(), settle(resolve, reject))),
    verify: (tenantId) =>
      new Promise((resolve, reject) => client.verifyChain({ tenantId }, new Metadata(), deadline(), settle(resolve, reject))),
    close: () => client.close(),
  };
}
