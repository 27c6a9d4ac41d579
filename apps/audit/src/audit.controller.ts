import { Controller, Get, Inject, Post, Query, Req } from '@nestjs/common';
import { ApiError } from '@switchyard/api-errors';
import { AuditStore, ChainKeys, RetentionJob } from '@switchyard/audit-log';
import type { RetentionDeletion, Verification } from '@switchyard/audit-log';
import { readQueryParams, requireOperatorToken, SETTINGS } from '@switchyard/platform';
import type { FastifyRequest } from 'fastify';
import type { AuditSettings } from './settings';

const TENANT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Internal REST face of the audit service (the AuditQuery gRPC service answers the same); operators only. */
@Controller('audit/v1')
export class AuditController {
  constructor(
    private readonly store: AuditStore,
    private readonly keys: ChainKeys,
    private readonly retention: RetentionJob,
    @Inject(SETTINGS) private readonly settings: AuditSettings,
  ) {}

  /** Verifies the platform-wide chain, or one tenant's with ?tenant_id=. */
  @Get('verify')
  async verify(
    @Req() req: FastifyRequest,
    @Query() query: unknown,
  ): Promise<{ intact: boolean; entries_checked: number; first_broken_seq: number; detail: string }> {
    requireOperatorToken(req.headers.authorization, this.settings.operatorToken, 'Audit verification and retention runs');
    const tenantId = readQueryParams(query)['tenant_id'];
    if (tenantId !== undefined && !TENANT.test(tenantId)) throw ApiError.invalidRequest("Invalid 'tenant_id'.", 'tenant_id');
    const v: Verification = await this.store.verify(this.keys, tenantId || undefined);
    return { intact: v.intact, entries_checked: v.entriesChecked, first_broken_seq: v.firstBrokenSeq, detail: v.detail };
  }

  /** Runs the retention job now instead of waiting for its timer. */
  @Post('retention/run')
  async runRetention(@Req() req: FastifyRequest): Promise<{ deletions: RetentionDeletion[] }> {
    requireOperatorToken(req.headers.authorization, this.settings.operatorToken, 'Audit verification and retention runs');
    return { deletions: await this.retention.runOnce() };
  }
}
