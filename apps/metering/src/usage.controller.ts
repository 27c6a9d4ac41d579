import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiError } from '@switchyard/api-errors';
import { billingCsv } from '@switchyard/usage-accounting';
import { readQueryParams } from '@switchyard/platform';
import type { QueryParams } from '@switchyard/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MeteringQueries } from './metering-queries';

/**
 * GET /v1/usage and /v1/billing(.csv): for tenants' usage pages (their API
 * key) and the operators' dashboard (the operator token). JSON bodies are
 * UsageReport / BillingReport with every field present (camelCase, int64 as numbers).
 */
@Controller('v1')
export class UsageController {
  constructor(@Inject(MeteringQueries) private readonly queries: MeteringQueries) {}

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
