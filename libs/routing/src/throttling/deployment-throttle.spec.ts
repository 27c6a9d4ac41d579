import { RateLimitInfo } from '@switchyard/contracts';
import { DeploymentThrottle } from './deployment-throttle';

describe('DeploymentThrottle', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  const settings = { maxQueue: 3, defaultPauseMs: 500 };

  it('admits at once while the catalog RPM allows, then makes requests wait their turn', async () => {
    const t = new DeploymentThrottle({ rpm: 60, tpm: 0 }, settings);
    for (let i = 0; i < 60; i++) expect(t.tryTake({ tokens: 10 })).toBe(true);
    const first = t.take({ tokens: 10 }, 5_000);
    const second = t.take({ tokens: 10 }, 5_000);
    expect(t.queued).toBe(2);
    await jest.advanceTimersByTimeAsync(1_000);
    await expect(first).resolves.toEqual({ ok: true, waitedMs: 1_000 });
    expect(t.queued).toBe(1);
    await jest.advanceTimersByTimeAsync(1_000);
    await expect(second).resolves.toEqual({ ok: true, waitedMs: 2_000 });
  });

  it('keeps arrival order: a small newcomer does not jump ahead of a big request already waiting', async () => {
    const t = new DeploymentThrottle({ rpm: 0, tpm: 6_000 }, settings);
    t.tryTake({ tokens: 6_000 });
    const big = t.take({ tokens: 100 }, 5_000);
    await jest.advanceTimersByTimeAsync(500);
    expect(t.tryTake({ tokens: 1 })).toBe(false);
    await jest.advanceTimersByTimeAsync(500);
    await expect(big).resolves.toEqual({ ok: true, waitedMs: 1_000 });
    expect(t.tryTake({ tokens: 1 })).toBe(false);
    await jest.advanceTimersByTimeAsync(10);
    expect(t.tryTake({ tokens: 1 })).toBe(true);
  });

  it('refuses at once, with a retry-after, when the wait would exceed the limit or the queue is full', async () => {
    const t = new DeploymentThrottle({ rpm: 60, tpm: 0 }, settings);
    for (let i = 0; i < 60; i++) t.tryTake({ tokens: 1 });
    await expect(t.take({ tokens: 1 }, 500)).resolves.toEqual({ ok: false, reason: 'wait_too_long', retryAfterMs: 1_000 });
    const queued = [t.take({ tokens: 1 }, 10_000), t.take({ tokens: 1 }, 10_000), t.take({ tokens: 1 }, 10_000)];
    await expect(t.take({ tokens: 1 }, 10_000)).resolves.toMatchObject({ ok: false, reason: 'queue_full', retryAfterMs: 4_000 });
    await jest.advanceTimersByTimeAsync(3_000);
    await expect(Promise.all(queued)).resolves.toEqual([
      { ok: true, waitedMs: 1_000 },
      { ok: true, waitedMs: 2_000 },
      { ok: true, waitedMs: 3_000 },
    ]);
  });

  it('holds the deployment back for the retry-after of a provider 429, and requests wait through it', async () => {
    const t = new DeploymentThrottle({ rpm: 0, tpm: 0 }, settings);
    t.observe(RateLimitInfo.fromPartial({ present: true, remainingRequests: 0, retryAfterMs: 2_000, resetRequestsMs: 2_000 }), true, 2_000);
    expect(t.tryTake({ tokens: 1 })).toBe(false);
    expect(t.msUntilAvailable({ tokens: 1 })).toBe(2_000);
    const waiting = t.take({ tokens: 1 }, 3_000);
    await jest.advanceTimersByTimeAsync(1_999);
    expect(t.queued).toBe(1);
    await jest.advanceTimersByTimeAsync(1);
    await expect(waiting).resolves.toEqual({ ok: true, waitedMs: 2_000 });
  });

  it('pauses for the default when a 429 says nothing about when to come back', () => {
    const t = new DeploymentThrottle({ rpm: 0, tpm: 0 }, settings);
    t.observe(undefined, true);
    expect(t.pausedForMs).toBe(500);
  });

  it('pauses when the provider reports nothing left, until its reset', () => {
    const t = new DeploymentThrottle({ rpm: 0, tpm: 0 }, settings);
    t.observe(RateLimitInfo.fromPartial({ present: true, remainingRequests: 5, remainingTokens: 0, resetTokensMs: 300 }), false);
    expect(t.pausedForMs).toBe(300);
    t.observe(RateLimitInfo.fromPartial({ present: true, remainingRequests: 10, remainingTokens: 1000 }), false);
    expect(t.pausedForMs).toBe(300);
  });

  it('waits for tokens per minute too, and settles the estimate against real usage', async () => {
    const t = new DeploymentThrottle({ rpm: 0, tpm: 6_000 }, settings);
    expect(t.tryTake({ tokens: 5_000 })).toBe(true);
    t.settle(5_000, 6_000);
    expect(t.msUntilAvailable({ tokens: 100 })).toBe(1_000);
    const waiting = t.take({ tokens: 100 }, 2_000);
    await jest.advanceTimersByTimeAsync(1_000);
    await expect(waiting).resolves.toEqual({ ok: true, waitedMs: 1_000 });
  });

  it('lets a waiting caller give up, and gives back capacity an attempt never used', async () => {
    const t = new DeploymentThrottle({ rpm: 1, tpm: 0 }, settings);
    t.tryTake({ tokens: 1 });
    const abort = new AbortController();
    const waiting = t.take({ tokens: 1 }, 120_000, abort.signal);
    abort.abort();
    await expect(waiting).resolves.toEqual({ ok: false, reason: 'cancelled', retryAfterMs: 0 });
    expect(t.queued).toBe(0);
    t.refund({ tokens: 1 });
    expect(t.tryTake({ tokens: 1 })).toBe(true);
  });

  it('refuses those still waiting when closed', async () => {
    const t = new DeploymentThrottle({ rpm: 1, tpm: 0 }, settings);
    t.tryTake({ tokens: 1 });
    const waiting = t.take({ tokens: 1 }, 120_000);
    t.close();
    await expect(waiting).resolves.toMatchObject({ ok: false, reason: 'cancelled' });
  });
});
