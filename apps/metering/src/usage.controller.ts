import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiError } from '@switchyard/api-errors';
import { billingCsv } from '@switchyard/usage-accounting';
import { readQueryParams, requireOperatorToken, SETTINGS } from '@switchyard/platform';
import type { QueryParams } from '@switchyard/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MeteringQueries } from './metering-queries';
import type { MeteringSettings } from './settings';
import { UsageReconciliation } from './usage-reconciliation';

/**
 * GET /v1/usage and /v1/billing(.csv): for tenants' usage pages (their API
 * key) and the operators' dashboard (the operator token). JSON bodies are
 * UsageReport / BillingReport with every field present (camelCase, int64 as numbers).
 */
@Controller('v1')
export class UsageController {
  constructor(
    @Inject(MeteringQueries) private readonly queries: MeteringQueries,
    @Inject(UsageReconciliation) private readonly reconciliation: UsageReconciliation,
    @Inject(SETTINGS) private readonly settings: MeteringSettings,
  ) {}

  /** Operators only: metered usage per provider credential against the providers' usage APIs for one UTC day (default: yesterday). */
  @Get('usage/reconciliation')
  async reconcile(@Req() req: FastifyRequest, @Query() raw: unknown): Promise<unknown> {
    requireOperatorToken(req.headers.authorization, this.settings.operatorToken, 'usage reconciliation');
    const day = readQueryParams(raw)['date'] ?? new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    return this.reconciliation.report(day);
  }

  @Get('usage')
  async usage(@Req() req: FastifyRequest, @Query() raw: unknown): Promise<unknown> {
    const query = readQueryParams(raw);
    const toMs = query['to'] === undefined ? undefined : parseTime(query['to'], 'to');
    const fromMs = query['from'] === undefined ? undefined : parseTime(query['from'], 'from');
    const groupBy = (query['group_by'] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    const report = await this.queries.usage(req.headers.authorization, { tenantId: query['tenant_id'], fromMs, toMs, groupBy });
    return { object: 'usage_report', ...report };
  }

  @Get('billing')
  async billing(@Req() req: FastifyRequest, @Query() raw: unknown): Promise<unknown> {
    const query = readQueryParams(raw);
    const report = await this.queries.billing(req.headers.authorization, query['tenant_id'], monthOf(query));
    return { object: 'billing_report', ...report };
  }

  @Get('billing.csv')
  async billingCsv(@Req() req: FastifyRequest, @Res() reply: FastifyReply, @Query() raw: unknown): Promise<void> {
    const query = readQueryParams(raw);
    const report = await this.queries.billing(req.headers.authorization, query['tenant_id'], monthOf(query));
    void reply
      .code(200)
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="billing-${report.tenantId}-${report.month}.csv"`)
      .send(billingCsv(report));
  }
}

function monthOf(query: QueryParams): string {
  return query['month'] ?? new Date().toISOString().slice(0, 7);
}

/** Epoch milliseconds or an ISO-8601 time. */
export function parseTime(raw: string, param: string): number {
  const ms = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isSafeInteger(ms))
    throw ApiError.invalidRequest(`${param} must be epoch milliseconds or an ISO-8601 time.`, param, 'invalid_range');
  return ms;
}
