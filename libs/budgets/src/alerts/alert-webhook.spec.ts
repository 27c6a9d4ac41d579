import { backoffMs, isRetryableStatus, signAlert, verifyAlertSignature } from './alert-webhook';

describe('alert webhook signatures', () => {
  const body = JSON.stringify({ id: 'a1', used: 5 });

  it('verifies what it signs and nothing else', () => {
    const signature = signAlert('s3cret-s3cret-s3cret', 1_000, body);
    expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verifyAlertSignature('s3cret-s3cret-s3cret', '1000', body, signature, 2_000)).toBe(true);
    expect(verifyAlertSignature('other-secret-other', '1000', body, signature, 2_000)).toBe(false);
    expect(verifyAlertSignature('s3cret-s3cret-s3cret', '1000', `${body} `, signature, 2_000)).toBe(false);
    expect(verifyAlertSignature('s3cret-s3cret-s3cret', '1001', body, signature, 2_000)).toBe(false);
  });

  it('refuses stale timestamps (replays)', () => {
    const signature = signAlert('s3cret-s3cret-s3cret', 1_000, body);
    expect(verifyAlertSignature('s3cret-s3cret-s3cret', '1000', body, signature, 1_000 + 10 * 60_000)).toBe(false);
  });
});

describe('delivery retries', () => {
  const policy = { maxAttempts: 8, baseDelayMs: 500, maxDelayMs: 30_000 };

  it('backs off exponentially with jitter, capped', () => {
    expect(backoffMs(1, policy, () => 0.999)).toBe(499);
    expect(backoffMs(3, policy, () => 0.999)).toBe(1998);
    expect(backoffMs(20, policy, () => 0.999)).toBe(29_970);
    expect(backoffMs(3, policy, () => 0)).toBe(250);
  });

  it('retries what may succeed later', () => {
    expect([undefined, 408, 429, 500, 503].map(isRetryableStatus)).toEqual([true, true, true, true, true]);
    expect([400, 401, 404, 410].map(isRetryableStatus)).toEqual([false, false, false, false]);
  });
});
