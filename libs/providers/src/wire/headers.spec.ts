import { parseDurationMs, retryAfterMs } from './headers';

describe('header helpers', () => {
  it('reads retry-after in its three forms', () => {
    expect(retryAfterMs({ 'retry-after': '2' })).toBe(2000);
    expect(retryAfterMs({ 'retry-after-ms': '150' })).toBe(150);
    expect(retryAfterMs({ 'retry-after': new Date(10_000).toUTCString() }, 4_000)).toBe(6000);
    expect(retryAfterMs({})).toBe(0);
  });

  it('parses OpenAI reset durations', () => {
    expect(parseDurationMs('6m0s')).toBe(360_000);
    expect(parseDurationMs('1s')).toBe(1000);
    expect(parseDurationMs('250ms')).toBe(250);
    expect(parseDurationMs('1h2m3.5s')).toBe(3_723_500);
    expect(parseDurationMs('garbage')).toBe(0);
  });
});
