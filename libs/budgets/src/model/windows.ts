import { BudgetWindow } from '@switchyard/contracts';

export interface WindowSpan {
  /** "minute:2026-11-25T08:31", "day:2026-11-25" or "month:2026-11" (UTC). */
  readonly key: string;
  readonly startMs: number;
  /** Exclusive. */
  readonly endMs: number;
}

/** The UTC calendar window of this kind that contains `atMs`. */
export function windowAt(window: BudgetWindow, atMs: number): WindowSpan {
  const d = new Date(atMs);
  switch (window) {
    case BudgetWindow.BUDGET_WINDOW_MINUTE: {
      const startMs = atMs - (((atMs % 60_000) + 60_000) % 60_000);
      return { key: `minute:${new Date(startMs).toISOString().slice(0, 16)}`, startMs, endMs: startMs + 60_000 };
    }
    case BudgetWindow.BUDGET_WINDOW_DAY: {
      const startMs = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
      return { key: `day:${new Date(startMs).toISOString().slice(0, 10)}`, startMs, endMs: startMs + 86_400_000 };
    }
    case BudgetWindow.BUDGET_WINDOW_MONTH: {
      const startMs = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
      return {
        key: `month:${new Date(startMs).toISOString().slice(0, 7)}`,
        startMs,
        endMs: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1),
      };
    }
    default:
      throw new Error(`not a budget window: ${window}`);
  }
}

/** The earliest instant any counter open at `nowMs` can start: the start of the current UTC month. */
export function replayStartMs(nowMs: number): number {
  return windowAt(BudgetWindow.BUDGET_WINDOW_MONTH, nowMs).startMs;
}
