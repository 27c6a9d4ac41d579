import type { AuditStore, ChainKeys, RetentionJob } from '@switchyard/audit-log';

export interface AuditDeps {
  readonly store: AuditStore;
  readonly keys: ChainKeys;
  readonly retention: RetentionJob;
}

export const AUDIT_DEPS = Symbol('audit.deps');
