import { ErrorClass } from '@switchyard/contracts';

/**
 * Errors another deployment may not have: move on to the next candidate.
 * Input errors (4xx that would fail anywhere) are returned to the caller at once.
 */
const FAILOVER_CLASSES = new Set<ErrorClass>([
  ErrorClass.ERROR_CLASS_RATE_LIMITED,
  ErrorClass.ERROR_CLASS_QUOTA_EXCEEDED,
  ErrorClass.ERROR_CLASS_TIMEOUT,
  ErrorClass.ERROR_CLASS_UPSTREAM_5XX,
  ErrorClass.ERROR_CLASS_NETWORK,
  ErrorClass.ERROR_CLASS_STREAM_INTERRUPTED,
  ErrorClass.ERROR_CLASS_AUTH,
  ErrorClass.ERROR_CLASS_NOT_FOUND,
  ErrorClass.ERROR_CLASS_INTERNAL,
]);

export function shouldFailOver(errorClass: ErrorClass): boolean {
  return FAILOVER_CLASSES.has(errorClass);
}
