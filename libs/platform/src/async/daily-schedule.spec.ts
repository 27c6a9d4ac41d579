import { formatUtcTimeOfDay, nextDailyRunMs, parseUtcTimeOfDay, previousUtcDay } from './daily-schedule';

const at = (iso: string) => Date.parse(iso);

describe('daily schedule', () => {
  it('parses HH:MM in UTC and "off", and rejects anything else', () => {
    expect(parseUtcTimeOfDay('00:30')).toEqual({ hour: 0, minute: 30 });
    expect(parseUtcTimeOfDay(' 7:05 ')).toEqual({ hour: 7, minute: 5 });
    expect(parseUtcTimeOfDay('OFF')).toBeNull();
    for (const bad of ['24:00', '12:60', '1230', '12:3', 'noon', '']) expect(parseUtcTimeOfDay(bad)).toBeUndefined();
    expect(formatUtcTimeOfDay({ hour: 7, minute: 5 })).toBe('07:05');
    expect(formatUtcTimeOfDay(null)).toBe('off');
  });

  it("runs later today when today's time is still ahead", () => {
    expect(nextDailyRunMs(at('2026-12-06T00:10:00Z'), { hour: 0, minute: 30 })).toBe(at('2026-12-06T00:30:00Z'));
  });

  it('runs tomorrow once the time has passed, or is exactly now (never twice for one instant)', () => {
    expect(nextDailyRunMs(at('2026-12-06T08:00:00Z'), { hour: 0, minute: 30 })).toBe(at('2026-12-07T00:30:00Z'));
    expect(nextDailyRunMs(at('2026-12-06T00:30:00Z'), { hour: 0, minute: 30 })).toBe(at('2026-12-07T00:30:00Z'));
  });

  it('crosses month and year ends', () => {
    expect(nextDailyRunMs(at('2026-12-31T23:59:00Z'), { hour: 23, minute: 30 })).toBe(at('2027-01-01T23:30:00Z'));
    expect(previousUtcDay(at('2027-01-01T00:30:00Z'))).toBe('2026-12-31');
    expect(previousUtcDay(at('2026-03-01T23:59:59Z'))).toBe('2026-02-28');
  });
});
