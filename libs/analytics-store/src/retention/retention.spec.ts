import { DEFAULT_RETENTION_DAYS, expiredPartitions, retentionByTable } from './retention';

describe('retention by day partitions', () => {
  const now = Date.UTC(2026, 10, 25, 13, 0);

  it('keeps exactly keepDays days including today', () => {
    expect(expiredPartitions(['20261123', '20261124', '20261125'], 2, now)).toEqual(['20261123']);
    expect(expiredPartitions(['20261124', '20261125'], 1, now)).toEqual(['20261124']);
    expect(expiredPartitions(['20251231', '20260101'], 329, now)).toEqual(['20251231']);
  });

  it('ignores partitions that are not days', () => {
    expect(expiredPartitions(['tuple()', '202611', 'all'], 1, now)).toEqual([]);
  });

  it('covers raw tables and every rollup', () => {
    expect(retentionByTable(DEFAULT_RETENTION_DAYS)).toMatchObject({
      usage_events: 90,
      usage_by_minute: 14,
      requests_by_hour: 400,
      usage_by_day: 1830,
    });
  });
});
