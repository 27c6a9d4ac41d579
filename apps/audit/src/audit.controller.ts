import { Controller, Get, Post, Query } from '@nestjs/common';
import { ApiError } from '@switchyard/api-errors';
import { AuditStore, ChainKeys, RetentionJob } from '@switchyard/audit-log';
import type { RetentionDeletion, Verification } from '@switchyard/audit-log';
import { readQueryParams } from '@switchyard/platform';

const TENANT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Internal REST face of the audit service (the AuditQuery gRPC service answers the same). */
@Controller('audit/v1')
export class AuditController {
  constructor(
    private readonly store: AuditStore,
    private readonly keys: ChainKeys,
    private readonly retention: RetentionJob,
  ) {}

  /** Verifies the platform-wide chain, or one tenant's with ?tenant_id=. */
  @Get('verify')
  async verify(@Query() query: unknown): Promise<{ intact: boolean; entries_checked: number; first_broken_seq: number; detail: string }> {
    const tenantId = readQueryParams(query)['tenant_id'];
    if (tenantId !== undefined && !TENANT.test(tenantId)) throw ApiError.invalidRequest("Invalid 'tenant_id'.", 'tenant_id');
    const v: Verification = await this.store.verify(this.keys, tenantId || undefined);
    return { intact: v.intact, entries_checked: v.entriesChecked, first_broken_seq: v.firstBrokenSeq, detail: v.detail };
  }

  /** Runs the retention job now instead of waiting for its timer. */
  @Post('retention/run')
  async runRetention(): Promise<{ deletions: RetentionDeletion[] }> {
    return { deletions: await this.retention.runOnce() };
  }
}
