import { status } from '@grpc/grpc-js';
import type { AuditStore, ChainKeys } from '@switchyard/audit-log';
import type { AuditQueryServer } from '@switchyard/contracts';

/** gRPC face of the audit log (the REST controller answers the same). */
export function auditGrpcHandlers(store: AuditStore, keys: ChainKeys): AuditQueryServer {
  return {
    verifyChain: (call, callback) => {
      store.verify(keys, call.request.tenantId || undefined).then(
        (v) => callback(null, { intact: v.intact, entriesChecked: v.entriesChecked, firstBrokenSeq: v.firstBrokenSeq, detail: v.detail }),
        () => callback({ code: status.UNAVAILABLE, details: 'the audit log could not be read' }),
      );
    },
  };
}
