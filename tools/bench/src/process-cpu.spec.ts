import { cpuMicrosBetween, parseProcStat, readCpuTicks } from './process-cpu';

describe('parseProcStat', () => {
  it('reads utime and stime (fields 14 and 15), whatever the command name holds', () => {
    const stat =
      '4242 (node (x) a b) S 1 4242 4242 0 -1 4194304 9000 0 12 0 1234 567 0 0 20 0 11 0 5000 1000000 20000 18446744073709551615';
    expect(parseProcStat(stat)).toEqual({ user: 1234, system: 567 });
  });

  it('refuses a line it cannot read', () => {
    expect(() => parseProcStat('garbage')).toThrow(/unreadable/);
  });
});

describe('cpuMicrosBetween', () => {
  it('turns the tick difference into microseconds at the clock rate', () => {
    expect(cpuMicrosBetween({ user: 100, system: 50 }, { user: 130, system: 60 }, 100)).toBe(400_000);
  });
});

describe('readCpuTicks', () => {
  it("reads this process's own CPU time, which grows while it works", () => {
    const before = readCpuTicks(process.pid);
    const until = Date.now() + 80;
    let spin = 0;
    while (Date.now() < until) spin += Math.sqrt(spin + 1);
    expect(spin).toBeGreaterThan(0);
    const after = readCpuTicks(process.pid);
    expect(cpuMicrosBetween(before, after)).toBeGreaterThan(0);
  });
});
