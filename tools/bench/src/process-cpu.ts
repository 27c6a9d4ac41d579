import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** CPU time a process has used, user + system, in clock ticks. */
export interface CpuTicks {
  readonly user: number;
  readonly system: number;
}

/**
 * utime and stime of a /proc/<pid>/stat line (fields 14 and 15). The command
 * name (field 2) is in parentheses and may itself hold spaces or ')', so the
 * fields are counted from the last ')'.
 */
export function parseProcStat(stat: string): CpuTicks {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state), so field n is fields[n - 3].
  const user = Number(fields[11]);
  const system = Number(fields[12]);
  if (!Number.isFinite(user) || !Number.isFinite(system)) throw new Error(`unreadable /proc stat line: ${stat.slice(0, 80)}`);
  return { user, system };
}

export function readCpuTicks(pid: number): CpuTicks {
  return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

let ticksPerSecond: number | undefined;

/** USER_HZ, the unit of /proc's CPU times (100 on common Linux builds; asked once). */
export function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    const answer = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    ticksPerSecond = Number.isInteger(answer) && answer > 0 ? answer : 100;
  }
  return ticksPerSecond;
}

/** Microseconds of CPU (user + system) between two readings of one process. */
export function cpuMicrosBetween(before: CpuTicks, after: CpuTicks, hz = clockTicksPerSecond()): number {
  return ((after.user + after.system - before.user - before.system) * 1_000_000) / hz;
}
