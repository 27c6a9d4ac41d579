import { Controller, Get, Inject, Post, Query } from '@nestjs/common';
import { ApiError } from '@switchyard/api-errors';
import type { RetentionDeletion, Verification } from '@switchyard/audit-log';
import { readQueryParams } from '@switchyard/platform';
import { AUDIT_DEPS } from './audit-deps';
import type { AuditDeps } from './audit-deps';

const TENANT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Internal REST face of the audit service (the AuditQuery gRPC service answers the same). */
@Controller('audit/v1')
export class AuditController {
  constructor(@Inject(AUDIT_DEPS) private readonly deps: AuditDeps) {}

  /** Verifies the platform-wide chain, or one tenant's with ?tenant_id=. */
  @Get('verify')
  async verify(@Query() query: unknown): Promise<{ intact: boolean; entries_checked: number; first_broken_seq: number; detail: string }> {
    const tenantId = readQueryParams(query)['tenant_id'];
    if (tenantId !== undefined && !TENANT.test(tenantId)) throw ApiError.invalidRequest("Invalid 'tenant_id'.", 'tenant_id');
    const v: Verification = await this.deps.store.verify(this.deps.keys, tenantId || undefined);
    return { intact: v.intact, entries_checked: v.entriesChecked, first_broken_seq: v.firstBrokenSeq, detail: v.detail };
  }

  /** Runs the retention job now instead of waiting for its timer. */
  @Post('retention/run')
  async runRetention(): Promise<{ deletions: RetentionDeletion[] }> {
    return { deletions: await this.deps.retention.runOnce() };
  }
}
