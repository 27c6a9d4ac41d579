import { parseTime } from './usage.controller';

describe('parseTime', () => {
  it('accepts epoch ms and ISO-8601, refuses the rest', () => {
    expect(parseTime('1764028800000', 'from')).toBe(1_764_028_800_000);
    expect(parseTime('2025-11-25T00:00:00Z', 'from')).toBe(Date.UTC(2025, 10, 25));
    expect(() => parseTime('yesterday', 'to')).toThrow('to must be epoch milliseconds or an ISO-8601 time.');
  });
});
