import { RateLimitBucket } from './rate-limit-bucket';

describe('RateLimitBucket', () => {
  it('starts full, empties, and refills at limit/60s', () => {
    const b = new RateLimitBucket(60, 0);
    for (let i = 0; i < 60; i++) expect(b.tryTake(1, 0)).toBe(true);
    expect(b.tryTake(1, 0)).toBe(false);
    expect(b.msUntil(1, 0)).toBe(1_000);
    expect(b.tryTake(1, 999)).toBe(false);
    expect(b.tryTake(1, 1_000)).toBe(true);
  });

  it('counts tokens promised to requests ahead in the queue', () => {
    const b = new RateLimitBucket(60, 0);
    b.tryTake(60, 0);
    expect(b.msUntil(1, 0, 2)).toBe(3_000);
  });

  it('never holds more than a minute of tokens', () => {
    const b = new RateLimitBucket(10, 0);
    expect(b.available(600_000)).toBe(10);
  });

  it('lets a request larger than the whole limit through once the bucket is full', () => {
    const b = new RateLimitBucket(100, 0);
    expect(b.tryTake(5_000, 0)).toBe(true);
    expect(b.available(0)).toBe(0);
  });

  it('is unlimited at 0', () => {
    const b = new RateLimitBucket(0, 0);
    expect(b.tryTake(1e9, 0)).toBe(true);
    expect(b.msUntil(1e9, 0)).toBe(0);
  });

  it("refunds, charges usage above the estimate, and drains on the provider's word", () => {
    const b = new RateLimitBucket(100, 0);
    b.tryTake(50, 0);
    b.adjust(20, 0);
    expect(b.available(0)).toBe(70);
    b.adjust(-100, 0);
    expect(b.available(0)).toBe(-30);
    expect(b.msUntil(1, 0)).toBe(Math.ceil(31 / (100 / 60_000)));
    b.adjust(200, 0);
    b.drain(0);
    expect(b.available(0)).toBe(0);
  });

  it('keeps counting what was used when the limit changes', () => {
    const b = new RateLimitBucket(10, 0);
    b.tryTake(7, 0);
    b.setLimit(5, 0);
    expect(b.available(0)).toBe(-2);
    b.setLimit(20, 0);
    expect(b.available(0)).toBe(13);
    const fromUnlimited = new RateLimitBucket(0, 0);
    fromUnlimited.tryTake(1e6, 0);
    fromUnlimited.setLimit(30, 0);
    expect(fromUnlimited.available(0)).toBe(30);
  });
});
