const DAY_MS = 86_400_000;

/** A time of day in UTC, for jobs that run once a day. */
export interface UtcTimeOfDay {
  readonly hour: number;
  readonly minute: number;
}

/** "HH:MM" (24 h, UTC) or "off" (null: the daily job is disabled); anything else is undefined. */
export function parseUtcTimeOfDay(raw: string): UtcTimeOfDay | null | undefined {
  const v = raw.trim().toLowerCase();
  if (v === 'off') return null;
  const m = /^(\d{1,2}):(\d{2})$/.exec(v);
  if (!m) return undefined;
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  return hour < 24 && minute < 60 ? { hour, minute } : undefined;
}

export function formatUtcTimeOfDay(at: UtcTimeOfDay | null): string {
  return at === null ? 'off' : `${String(at.hour).padStart(2, '0')}:${String(at.minute).padStart(2, '0')}`;
}

/** The first instant strictly after nowMs that falls on `at` (UTC): today's if it is still ahead, else tomorrow's. */
export function nextDailyRunMs(nowMs: number, at: UtcTimeOfDay): number {
  const today = Math.floor(nowMs / DAY_MS) * DAY_MS + (at.hour * 60 + at.minute) * 60_000;
  return today > nowMs ? today : today + DAY_MS;
}

/** The UTC day (YYYY-MM-DD) before the one nowMs falls on: the last day whose usage is complete. */
export function previousUtcDay(nowMs: number): string {
  return new Date(Math.floor(nowMs / DAY_MS) * DAY_MS - DAY_MS).toISOString().slice(0, 10);
}
