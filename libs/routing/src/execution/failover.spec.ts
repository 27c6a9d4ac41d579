import { ErrorClass } from '@switchyard/contracts';
import { backoffMs, failureKind, isDeploymentFault, shouldFailOver } from './failover';

describe('failover classification', () => {
  it("never retries or fails over on the caller's input errors", () => {
    for (const c of [
      ErrorClass.ERROR_CLASS_INVALID_REQUEST,
      ErrorClass.ERROR_CLASS_CONTEXT_LENGTH,
      ErrorClass.ERROR_CLASS_CONTENT_FILTER,
      ErrorClass.ERROR_CLASS_UNSUPPORTED,
      ErrorClass.ERROR_CLASS_PERMISSION_DENIED,
    ]) {
      expect(failureKind(c)).toBe('stop');
      expect(shouldFailOver(c)).toBe(false);
      expect(isDeploymentFault(c)).toBe(false);
    }
  });

  it('retries transient faults, fails over from deployment-specific ones, and throttles on rate limits', () => {
    expect(
      [
        ErrorClass.ERROR_CLASS_UPSTREAM_5XX,
        ErrorClass.ERROR_CLASS_NETWORK,
        ErrorClass.ERROR_CLASS_TIMEOUT,
        ErrorClass.ERROR_CLASS_STREAM_INTERRUPTED,
      ].map(failureKind),
    ).toEqual(['retry', 'retry', 'retry', 'retry']);
    expect([ErrorClass.ERROR_CLASS_AUTH, ErrorClass.ERROR_CLASS_NOT_FOUND, ErrorClass.ERROR_CLASS_QUOTA_EXCEEDED].map(failureKind)).toEqual(
      ['failover', 'failover', 'failover'],
    );
    expect(failureKind(ErrorClass.ERROR_CLASS_RATE_LIMITED)).toBe('rate-limited');
    expect(isDeploymentFault(ErrorClass.ERROR_CLASS_RATE_LIMITED)).toBe(false);
    expect(isDeploymentFault(ErrorClass.ERROR_CLASS_UPSTREAM_5XX)).toBe(true);
  });

  it("fails over from a deployment our own configuration cannot serve (unusable credential), without counting it as the provider's fault", () => {
    expect(shouldFailOver(ErrorClass.ERROR_CLASS_NO_DEPLOYMENT)).toBe(true);
    expect(isDeploymentFault(ErrorClass.ERROR_CLASS_NO_DEPLOYMENT)).toBe(false);
  });
});

describe('backoffMs', () => {
  it('doubles per round up to the cap, jittered within the upper half', () => {
    expect(backoffMs(1, 100, 2_000, () => 0)).toBe(50);
    expect(backoffMs(1, 100, 2_000, () => 0.999)).toBe(100);
    expect(backoffMs(3, 100, 2_000, () => 0)).toBe(200);
    expect(backoffMs(10, 100, 2_000, () => 1)).toBe(2_000);
    const samples = Array.from({ length: 200 }, () => backoffMs(2, 100, 2_000));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(100);
    expect(Math.max(...samples)).toBeLessThanOrEqual(200);
    expect(new Set(samples).size).toBeGreaterThan(10);
  });
});
