import type { ClickHouseClient } from '@clickhouse/client';
import { queryBillingSpend, queryUsage } from '@switchyard/analytics-store';
import type { BillingReport, UsageReport } from '@switchyard/contracts';
import type { ConfigState } from '@switchyard/control-plane';
import { buildBillingReport, monthRange, resolveCaller, tenantInScope, usageRange, validateUsageQuery } from '@switchyard/usage-accounting';

export interface UsageRequest {
  readonly tenantId?: string;
  /** Unset bounds take the shared default range (usageRange). */
  readonly fromMs?: number;
  readonly toMs?: number;
  readonly groupBy: readonly string[];
}

/**
 * The query API behind both REST and gRPC: who is asking decides which
 * tenant's rows can be read (resolveCaller / tenantInScope), then the
 * validated query runs against the rollups.
 */
export class MeteringQueries {
  constructor(
    private readonly config: ConfigState,
    private readonly clickhouse: ClickHouseClient,
    private readonly database: string,
    private readonly operatorToken: string,
  ) {}

  async usage(authorization: string | undefined, request: UsageRequest): Promise<UsageReport> {
    const tenantId = tenantInScope(
      resolveCaller(this.config, authorization, this.operatorToken, Date.now()),
      request.tenantId,
      'usage.read',
    );
    const range = usageRange(request.fromMs, request.toMs, Date.now());
    const spec = validateUsageQuery({ tenantId, ...range, groupBy: request.groupBy });
    const rows = await queryUsage(this.clickhouse, this.database, spec);
    return {
      granularity: spec.granularity,
      fromMs: spec.fromMs,
      toMs: spec.toMs,
      rows: rows.map((r) => ({
        dimensions: r.dimensions,
        requests: r.requests,
        errors: r.errors,
        inputTokens: r.input_tokens,
        outputTokens: r.output_tokens,
        costMicroUsd: r.cost_micro_usd,
        attempts: r.attempts,
        cachedInputTokens: r.cached_input_tokens,
        shadowCostMicroUsd: r.shadow_cost_micro_usd,
      })),
    };
  }

  async billing(authorization: string | undefined, requestedTenantId: string | undefined, month: string): Promise<BillingReport> {
    const tenantId = tenantInScope(
      resolveCaller(this.config, authorization, this.operatorToken, Date.now()),
      requestedTenantId,
      'billing.read',
    );
    const range = monthRange(month);
    const rows = await queryBillingSpend(this.clickhouse, this.database, tenantId, range.startMs, range.endMs);
    return buildBillingReport(tenantId, month, rows, (planId) => this.config.plans.get(planId)?.customerPriceMicroUsdPerMonth ?? 0);
  }
}
