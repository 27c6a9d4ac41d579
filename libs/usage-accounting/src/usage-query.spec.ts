import { DEFAULT_USAGE_RANGE_MS, monthRange, usageRange, validateUsageQuery } from './usage-query';

const H = 3_600_000;
const D = 24 * H;
const T0 = Date.UTC(2026, 10, 25, 10, 17, 33);

describe('validateUsageQuery', () => {
  it('picks the rollup by range and widens to whole buckets', () => {
    expect(validateUsageQuery({ tenantId: 't', fromMs: T0, toMs: T0 + H, groupBy: ['feature'] })).toEqual({
      tenantId: 't',
      fromMs: Date.UTC(2026, 10, 25, 10, 17),
      toMs: Date.UTC(2026, 10, 25, 11, 18),
      groupBy: ['feature'],
      granularity: 'minute',
    });
    expect(validateUsageQuery({ tenantId: 't', fromMs: T0, toMs: T0 + 7 * D, groupBy: [] }).granularity).toBe('hour');
    expect(validateUsageQuery({ tenantId: 't', fromMs: T0, toMs: T0 + 60 * D, groupBy: [] })).toMatchObject({
      granularity: 'day',
      fromMs: Date.UTC(2026, 10, 25),
    });
  });

  it('reads a finer rollup when grouping by a finer time', () => {
    expect(validateUsageQuery({ tenantId: 't', fromMs: T0, toMs: T0 + 60 * D, groupBy: ['hour', 'model'] })).toMatchObject({
      granularity: 'hour',
      groupBy: ['hour', 'model'],
    });
    expect(validateUsageQuery({ tenantId: 't', fromMs: T0, toMs: T0 + H, groupBy: ['day'] }).granularity).toBe('minute');
  });

  it('maps names to columns and refuses unknown or repeated ones', () => {
    expect(validateUsageQuery({ tenantId: 't', fromMs: T0, toMs: T0 + H, groupBy: ['deployment', 'plan', 'api_key'] }).groupBy).toEqual([
      'deployment_id',
      'plan_id',
      'api_key_id',
    ]);
    expect(() => validateUsageQuery({ tenantId: 't', fromMs: T0, toMs: T0 + H, groupBy: ['tenant'] })).toThrow("Unknown group_by 'tenant'");
    expect(() => validateUsageQuery({ tenantId: 't', fromMs: T0, toMs: T0 + H, groupBy: ['model', 'model'] })).toThrow('twice');
    expect(() => validateUsageQuery({ tenantId: 't', fromMs: T0, toMs: T0 + H, groupBy: ['day', 'hour'] })).toThrow('at most one');
  });

  it('refuses bad ranges', () => {
    expect(() => validateUsageQuery({ tenantId: 't', fromMs: T0, toMs: T0, groupBy: [] })).toThrow('to must be after from');
    expect(() => validateUsageQuery({ tenantId: 't', fromMs: T0, toMs: T0 + 401 * D, groupBy: [] })).toThrow('400 days');
    expect(() => validateUsageQuery({ tenantId: 't', fromMs: Number.NaN, toMs: T0, groupBy: [] })).toThrow('epoch milliseconds');
    expect(() => validateUsageQuery({ tenantId: 't', fromMs: T0, toMs: T0 + 3 * D, groupBy: ['minute'] })).toThrow('2 days');
  });

  it('defaults an unset range to the day before to, and to to now', () => {
    expect(usageRange(undefined, undefined, T0)).toEqual({ fromMs: T0 - DEFAULT_USAGE_RANGE_MS, toMs: T0 });
    expect(usageRange(undefined, T0 - H, T0)).toEqual({ fromMs: T0 - H - D, toMs: T0 - H });
    expect(usageRange(T0 - 2 * H, undefined, T0)).toEqual({ fromMs: T0 - 2 * H, toMs: T0 });
  });

  it('parses billing months', () => {
    expect(monthRange('2026-12')).toEqual({ startMs: Date.UTC(2026, 11, 1), endMs: Date.UTC(2027, 0, 1) });
    expect(() => monthRange('2026-13')).toThrow("month must be 'YYYY-MM'");
    expect(() => monthRange('26-1')).toThrow();
  });
});
