import { status } from '@grpc/grpc-js';
import { toApiError } from '@switchyard/api-errors';
import type { AuditStore, ChainKeys } from '@switchyard/audit-log';
import type { AuditQueryServer } from '@switchyard/contracts';
import { grpcError, requireOperatorToken } from '@switchyard/platform';

/** gRPC face of the audit log (the REST controller answers the same); operators only, like REST. */
export function auditGrpcHandlers(store: AuditStore, keys: ChainKeys, operatorToken: string): AuditQueryServer {
  return {
    verifyChain: (call, callback) => {
      const authorization = call.metadata.get('authorization')[0];
      try {
        requireOperatorToken(typeof authorization === 'string' ? authorization : undefined, operatorToken, 'Audit verification');
      } catch (error) {
        return callback(grpcError(toApiError(error)));
      }
      store.verify(keys, call.request.tenantId || undefined).then(
        (v) => callback(null, { intact: v.intact, entriesChecked: v.entriesChecked, firstBrokenSeq: v.firstBrokenSeq, detail: v.detail }),
        () => callback({ code: status.UNAVAILABLE, details: 'the audit log could not be read' }),
      );
    },
  };
}
