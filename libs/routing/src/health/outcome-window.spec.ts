import { OutcomeWindow, percentile } from './outcome-window';

describe('OutcomeWindow', () => {
  it('reports the p95 of successful attempts and the failed share', () => {
    const w = new OutcomeWindow({ windowMs: 60_000, maxSamples: 100 });
    for (let i = 1; i <= 19; i++) w.observe(1_000, 10, true);
    w.observe(1_000, 500, true);
    w.observe(1_000, 5, false);
    const f = w.figures(1_000);
    expect(f.samples).toBe(21);
    expect(f.p95LatencyMs).toBe(10);
    expect(f.errorRate).toBeCloseTo(1 / 21);
  });

  it('moves its p95 up once more than 5% of recent attempts are slow', () => {
    const w = new OutcomeWindow({ windowMs: 60_000, maxSamples: 20 });
    for (let i = 0; i < 20; i++) w.observe(0, 20, true);
    w.observe(1, 400, true);
    expect(w.figures(1).p95LatencyMs).toBe(20);
    w.observe(2, 400, true);
    expect(w.figures(102).p95LatencyMs).toBe(400);
  });

  it('forgets samples older than the window and beyond its size', () => {
    const w = new OutcomeWindow({ windowMs: 1_000, maxSamples: 3 });
    w.observe(0, 900, false);
    w.observe(500, 10, true);
    expect(w.figures(1_200)).toEqual({ p95LatencyMs: 10, errorRate: 0, samples: 1 });
    for (let i = 0; i < 5; i++) w.observe(1_300, 30, true);
    expect(w.figures(1_400).samples).toBe(3);
  });

  it('reuses its figures for 100 ms after a new sample, and for a second otherwise', () => {
    const w = new OutcomeWindow({ windowMs: 1_500, maxSamples: 10 });
    w.observe(0, 10, true);
    expect(w.figures(0).samples).toBe(1);
    w.observe(50, 10, false);
    expect(w.figures(50).samples).toBe(1);
    expect(w.figures(100).samples).toBe(2);
    expect(w.figures(1_099).samples).toBe(2);
    expect(w.figures(1_540).samples).toBe(1);
  });

  it('has no latency without a success, and failures do not make a deployment look fast', () => {
    const w = new OutcomeWindow({ windowMs: 1_000, maxSamples: 10 });
    w.observe(0, 1, false);
    expect(w.figures(0)).toEqual({ p95LatencyMs: undefined, errorRate: 1, samples: 1 });
  });

  it('percentile uses the nearest rank', () => {
    expect(percentile([], 0.95)).toBeUndefined();
    expect(percentile([3, 1, 2], 0.5)).toBe(2);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95)).toBe(10);
  });
});
