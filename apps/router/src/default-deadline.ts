import type { RequestContext } from '@switchyard/contracts';

/**
 * Gives a request without a deadline (deadlineAtMs <= 0) the router's default
 * one, counted from now; a caller's own deadline is kept. Mutates and returns
 * the request, the one way every router entry point applies REQUEST_TIMEOUT_MS.
 */
export function withDefaultDeadline<T extends { context?: RequestContext | undefined }>(
  request: T,
  defaultTimeoutMs: number,
  nowMs = Date.now(),
): T {
  if (request.context && request.context.deadlineAtMs <= 0) request.context.deadlineAtMs = nowMs + defaultTimeoutMs;
  return request;
}
