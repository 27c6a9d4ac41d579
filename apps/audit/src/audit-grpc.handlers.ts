import { status } from '@grpc/grpc-js';
import { auditEntryMessage, auditListQuery } from '@switchyard/audit-log';
import type { AuditStore, ChainKeys } from '@switchyard/audit-log';
import type { AuditQueryServer } from '@switchyard/contracts';

const UNREADABLE = { code: status.UNAVAILABLE, details: 'the audit log could not be read' };

/** gRPC face of the audit log (the REST controller answers the same; ingress's admin API reads tenants' logs here). */
export function auditGrpcHandlers(store: AuditStore, keys: ChainKeys): AuditQueryServer {
  return {
    verifyChain: (call, callback) => {
      store.verify(keys, call.request.tenantId || undefined).then(
        (v) => callback(null, { intact: v.intact, entriesChecked: v.entriesChecked, firstBrokenSeq: v.firstBrokenSeq, detail: v.detail }),
        () => callback(UNREADABLE),
      );
    },
    listEntries: (call, callback) => {
      const query = auditListQuery(call.request);
      if (typeof query === 'string') return callback({ code: status.INVALID_ARGUMENT, details: query });
      store.list(query).then(
        (page) => callback(null, { entries: page.rows.map(auditEntryMessage), hasMore: page.hasMore }),
        () => callback(UNREADABLE),
      );
    },
  };
}
