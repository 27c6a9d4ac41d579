import type { Metadata, ServerErrorResponse } from '@grpc/grpc-js';
import { toApiError } from '@switchyard/api-errors';
import type { MeteringQueryServer } from '@switchyard/contracts';
import { grpcError, type Log } from '@switchyard/platform';
import type { MeteringQueries } from './metering-queries';

/** MeteringQuery over gRPC; the caller's token comes as "authorization: Bearer ..." metadata. */
export function meteringGrpcHandlers(queries: MeteringQueries, log: Log): MeteringQueryServer {
  const fail = (error: unknown): ServerErrorResponse => {
    const apiError = toApiError(error);
    if (apiError.status >= 500) log.error({ err: error }, 'metering query failed');
    return grpcError(apiError);
  };
  const authorization = (md: Metadata): string | undefined => {
    const value = md.get('authorization')[0];
    return typeof value === 'string' ? value : undefined;
  };
  return {
    queryUsage: (call, callback) => {
      queries
        .usage(authorization(call.metadata), {
          tenantId: call.request.tenantId,
          // proto3 sends 0 for an unset bound: the REST API's default range applies.
          fromMs: call.request.fromMs || undefined,
          toMs: call.request.toMs || undefined,
          groupBy: call.request.groupBy,
        })
        .then(
          (report) => callback(null, report),
          (error: unknown) => callback(fail(error)),
        );
    },
    queryBilling: (call, callback) => {
      queries.billing(authorization(call.metadata), call.request.tenantId, call.request.month).then(
        (report) => callback(null, report),
        (error: unknown) => callback(fail(error)),
      );
    },
  };
}
