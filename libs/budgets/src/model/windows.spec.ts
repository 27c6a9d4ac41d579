import { BudgetWindow } from '@switchyard/contracts';
import { replayStartMs, windowAt } from './windows';

describe('budget windows (UTC calendar)', () => {
  const at = Date.UTC(2026, 1, 28, 23, 59, 30, 500); // 2026-02-28T23:59:30.500Z

  it('minute', () => {
    expect(windowAt(BudgetWindow.BUDGET_WINDOW_MINUTE, at)).toEqual({
      key: 'minute:2026-02-28T23:59',
      startMs: Date.UTC(2026, 1, 28, 23, 59),
      endMs: Date.UTC(2026, 2, 1),
    });
  });

  it('day', () => {
    expect(windowAt(BudgetWindow.BUDGET_WINDOW_DAY, at)).toEqual({
      key: 'day:2026-02-28',
      startMs: Date.UTC(2026, 1, 28),
      endMs: Date.UTC(2026, 2, 1),
    });
  });

  it('month, including December to January', () => {
    expect(windowAt(BudgetWindow.BUDGET_WINDOW_MONTH, at)).toEqual({
      key: 'month:2026-02',
      startMs: Date.UTC(2026, 1, 1),
      endMs: Date.UTC(2026, 2, 1),
    });
    expect(windowAt(BudgetWindow.BUDGET_WINDOW_MONTH, Date.UTC(2026, 11, 31, 12)).endMs).toBe(Date.UTC(2027, 0, 1));
  });

  it('a window contains its start and not its end', () => {
    const w = windowAt(BudgetWindow.BUDGET_WINDOW_DAY, Date.UTC(2026, 1, 28));
    expect(w.startMs).toBe(Date.UTC(2026, 1, 28));
    expect(windowAt(BudgetWindow.BUDGET_WINDOW_DAY, w.endMs).key).toBe('day:2026-03-01');
  });

  it('replay starts at the current month', () => {
    expect(replayStartMs(at)).toBe(Date.UTC(2026, 1, 1));
  });
});
