import { Experiment } from '@switchyard/contracts';
import { assignArm, shadowArmsFor, stablePoint } from './arm-assignment';

const experiment = Experiment.fromPartial({
  id: 'exp-summarize',
  aliasId: 'summarize',
  enabled: true,
  arms: [
    { name: 'control', target: 'gpt-4o-mini', weight: 70 },
    { name: 'candidate', target: 'gpt-4o', weight: 30 },
    { name: 'shadow', target: 'claude', shadow: true, shadowPercent: 25 },
  ],
});

describe('arm assignment', () => {
  it('holds the weights within tolerance over 2,000 users', () => {
    const counts: Record<string, number> = {};
    for (let i = 0; i < 2_000; i++) {
      const arm = assignArm(experiment, 'ten_a', `user-${i}`, `req-${i}`)!;
      counts[arm.name] = (counts[arm.name] ?? 0) + 1;
    }
    // Binomial sd for p=0.3, n=2000 is about 20.5 (1%); allow 3 points.
    expect(counts['control']! / 2_000).toBeGreaterThan(0.67);
    expect(counts['control']! / 2_000).toBeLessThan(0.73);
    expect(counts['candidate']! / 2_000).toBeGreaterThan(0.27);
    expect(counts['candidate']! / 2_000).toBeLessThan(0.33);
    expect(counts['shadow']).toBeUndefined();
  });

  it('is sticky per tenant and end user, whatever the request', () => {
    for (let i = 0; i < 200; i++) {
      const first = assignArm(experiment, 'ten_a', `user-${i}`, 'req-a')!.name;
      for (let j = 0; j < 5; j++) expect(assignArm(experiment, 'ten_a', `user-${i}`, `req-${j}`)!.name).toBe(first);
    }
  });

  it('assigns the same end user id independently in another tenant', () => {
    const differs = Array.from(
      { length: 200 },
      (_, i) => assignArm(experiment, 'ten_a', `u${i}`, '')!.name !== assignArm(experiment, 'ten_b', `u${i}`, '')!.name,
    );
    expect(differs.some(Boolean)).toBe(true);
  });

  it('without an end user, spreads requests by weight (not sticky)', () => {
    const names = new Set(Array.from({ length: 50 }, (_, i) => assignArm(experiment, 'ten_a', '', `req-${i}`)!.name));
    expect(names).toEqual(new Set(['control', 'candidate']));
  });

  it('never assigns a zero-weight arm, and none when no live arm has weight', () => {
    const x = Experiment.fromPartial({
      id: 'x',
      arms: [
        { name: 'a', weight: 0 },
        { name: 'b', weight: 5 },
      ],
    });
    for (let i = 0; i < 100; i++) expect(assignArm(x, 't', `u${i}`, '')!.name).toBe('b');
    expect(assignArm(Experiment.fromPartial({ id: 'y', arms: [{ name: 'a', weight: 0 }] }), 't', 'u', '')).toBeUndefined();
  });

  it('copies the configured share of requests to a shadow arm', () => {
    let copied = 0;
    for (let i = 0; i < 2_000; i++) copied += shadowArmsFor(experiment, `req-${i}`).length;
    expect(copied / 2_000).toBeGreaterThan(0.22);
    expect(copied / 2_000).toBeLessThan(0.28);
  });

  it('stablePoint is deterministic and in [0, 1)', () => {
    expect(stablePoint('a', 'b')).toBe(stablePoint('a', 'b'));
    expect(stablePoint('a', 'b')).not.toBe(stablePoint('ab', ''));
    for (let i = 0; i < 100; i++) {
      const p = stablePoint(String(i));
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThan(1);
    }
  });
});
