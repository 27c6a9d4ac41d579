import { ErrorClass } from '@switchyard/contracts';

/**
 * What an attempt's error means for the rest of the request:
 * - stop: the caller's input is at fault and would fail anywhere (never retried);
 * - rate-limited: the deployment is busy, so it is held back by its throttle
 *   and the request moves on (or waits for capacity);
 * - failover: this deployment cannot serve it (credentials, model missing,
 *   quota gone), so the next one is tried, but this one is not retried;
 * - retry: a transient fault, so the next deployment is tried at once, and when
 *   every deployment has failed, the chain is retried after a jittered backoff.
 */
export type FailureKind = 'stop' | 'rate-limited' | 'failover' | 'retry';

const KINDS: Record<Exclude<ErrorClass, ErrorClass.UNRECOGNIZED>, FailureKind> = {
  [ErrorClass.ERROR_CLASS_UNSPECIFIED]: 'stop',
  [ErrorClass.ERROR_CLASS_INVALID_REQUEST]: 'stop',
  [ErrorClass.ERROR_CLASS_PERMISSION_DENIED]: 'stop',
  [ErrorClass.ERROR_CLASS_CONTEXT_LENGTH]: 'stop',
  [ErrorClass.ERROR_CLASS_CONTENT_FILTER]: 'stop',
  [ErrorClass.ERROR_CLASS_UNSUPPORTED]: 'stop',
  [ErrorClass.ERROR_CLASS_RATE_LIMITED]: 'rate-limited',
  [ErrorClass.ERROR_CLASS_AUTH]: 'failover',
  [ErrorClass.ERROR_CLASS_NOT_FOUND]: 'failover',
  [ErrorClass.ERROR_CLASS_QUOTA_EXCEEDED]: 'failover',
  [ErrorClass.ERROR_CLASS_NO_DEPLOYMENT]: 'failover',
  [ErrorClass.ERROR_CLASS_INTERNAL]: 'failover',
  [ErrorClass.ERROR_CLASS_TIMEOUT]: 'retry',
  [ErrorClass.ERROR_CLASS_UPSTREAM_5XX]: 'retry',
  [ErrorClass.ERROR_CLASS_NETWORK]: 'retry',
  [ErrorClass.ERROR_CLASS_STREAM_INTERRUPTED]: 'retry',
};

export function failureKind(errorClass: ErrorClass): FailureKind {
  return errorClass === ErrorClass.UNRECOGNIZED ? 'failover' : KINDS[errorClass];
}

/** Whether another deployment may succeed where this one failed. */
export function shouldFailOver(errorClass: ErrorClass): boolean {
  return failureKind(errorClass) !== 'stop';
}

/**
 * Errors that are the deployment's fault: they count towards its breaker and
 * error rate. NO_DEPLOYMENT from an attempt is our own configuration (an
 * unusable credential, logged by provider-adapters), not the provider's health.
 */
export function isDeploymentFault(errorClass: ErrorClass): boolean {
  if (errorClass === ErrorClass.ERROR_CLASS_NO_DEPLOYMENT) return false;
  const kind = failureKind(errorClass);
  return kind === 'retry' || kind === 'failover';
}

/** Equal-jitter exponential backoff before retry round `round` (1 = the first retry). */
export function backoffMs(round: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, round - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
