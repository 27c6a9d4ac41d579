import { uuidV7, uuidV7Timestamp } from './uuid-v7';

describe('uuidV7', () => {
  it('has version 7, the RFC variant and the timestamp', () => {
    const id = uuidV7(1_700_000_000_123);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidV7Timestamp(id)).toBe(1_700_000_000_123);
  });

  it('sorts by time', () => {
    expect(uuidV7(1000) < uuidV7(2000)).toBe(true);
  });
});

describe('uuidV7 uniqueness', () => {
  it('never repeats across pool refills', () => {
    const ids = new Set(Array.from({ length: 2000 }, () => uuidV7(1)));
    expect(ids.size).toBe(2000);
  });
});
