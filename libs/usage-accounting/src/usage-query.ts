import { ApiError } from '@switchyard/api-errors';

/** group_by names callers use -> rollup columns. */
export const USAGE_DIMENSIONS: Readonly<Record<string, string>> = {
  feature: 'feature',
  model: 'model',
  public_model: 'public_model',
  provider: 'provider',
  deployment: 'deployment_id',
  region: 'region',
  plan: 'plan_id',
  arm: 'arm',
  api_key: 'api_key_id',
};

export type Granularity = 'minute' | 'hour' | 'day';
const TIME_DIMENSIONS: readonly Granularity[] = ['minute', 'hour', 'day'];
const BUCKET_MS: Record<Granularity, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };
const MAX_RANGE_MS = 400 * 86_400_000;
/** What a usage query covers when the caller leaves from/to out: the day before `to`, which defaults to now. */
export const DEFAULT_USAGE_RANGE_MS = 86_400_000;

/** The one default range of REST and gRPC usage queries; an unset bound is undefined (gRPC's 0). */
export function usageRange(fromMs: number | undefined, toMs: number | undefined, nowMs: number): { fromMs: number; toMs: number } {
  const to = toMs ?? nowMs;
  return { fromMs: fromMs ?? to - DEFAULT_USAGE_RANGE_MS, toMs: to };
}

/** A usage query that passed validation, its range widened to whole buckets of the rollup it reads. */
export interface UsageQuerySpec {
  readonly tenantId: string;
  readonly fromMs: number;
  readonly toMs: number;
  /** Rollup dimensions (columns) and at most one time dimension, in the caller's order. */
  readonly groupBy: readonly string[];
  readonly granularity: Granularity;
}

/**
 * Checks a usage query and picks the finest rollup worth reading: minutes for
 * ranges up to 6 hours (or when grouping by minute, up to 2 days), hours up to
 * 31 days (or when grouping by hour), days beyond.
 */
export function validateUsageQuery(input: { tenantId: string; fromMs: number; toMs: number; groupBy: readonly string[] }): UsageQuerySpec {
  const { fromMs, toMs } = input;
  if (!Number.isSafeInteger(fromMs) || !Number.isSafeInteger(toMs) || fromMs < 0)
    throw ApiError.invalidRequest('from and to must be epoch milliseconds.', 'from', 'invalid_range');
  if (toMs <= fromMs) throw ApiError.invalidRequest('to must be after from.', 'to', 'invalid_range');
  if (toMs - fromMs > MAX_RANGE_MS) throw ApiError.invalidRequest('The range may span at most 400 days.', 'to', 'invalid_range');
  const groupBy: string[] = [];
  let timeDimension: Granularity | undefined;
  for (const name of input.groupBy) {
    if ((TIME_DIMENSIONS as readonly string[]).includes(name)) {
      if (timeDimension) throw ApiError.invalidRequest('Group by at most one of minute, hour and day.', 'group_by', 'invalid_group_by');
      timeDimension = name as Granularity;
      groupBy.push(name);
    } else if (USAGE_DIMENSIONS[name]) {
      if (groupBy.includes(USAGE_DIMENSIONS[name]!))
        throw ApiError.invalidRequest(`'${name}' appears twice in group_by.`, 'group_by', 'invalid_group_by');
      groupBy.push(USAGE_DIMENSIONS[name]!);
    } else {
      throw ApiError.invalidRequest(
        `Unknown group_by '${name}'; use any of ${[...Object.keys(USAGE_DIMENSIONS), ...TIME_DIMENSIONS].join(', ')}.`,
        'group_by',
        'invalid_group_by',
      );
    }
  }
  const span = toMs - fromMs;
  let granularity: Granularity = span <= 6 * 3_600_000 ? 'minute' : span <= 31 * 86_400_000 ? 'hour' : 'day';
  if (timeDimension === 'minute' && span > 2 * 86_400_000)
    throw ApiError.invalidRequest('Group by minute covers at most 2 days.', 'group_by', 'invalid_group_by');
  if (timeDimension && BUCKET_MS[timeDimension] < BUCKET_MS[granularity]) granularity = timeDimension;
  const bucket = BUCKET_MS[granularity];
  return {
    tenantId: input.tenantId,
    fromMs: Math.floor(fromMs / bucket) * bucket,
    toMs: Math.ceil(toMs / bucket) * bucket,
    groupBy,
    granularity,
  };
}

/** "YYYY-MM" -> [start, end) of that UTC month in epoch ms. */
export function monthRange(month: string): { startMs: number; endMs: number } {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  const year = Number(m?.[1]);
  const index = Number(m?.[2]) - 1;
  if (!m || index < 0 || index > 11 || year < 2000) throw ApiError.invalidRequest("month must be 'YYYY-MM'.", 'month', 'invalid_month');
  return { startMs: Date.UTC(year, index, 1), endMs: Date.UTC(year, index + 1, 1) };
}
