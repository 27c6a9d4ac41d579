import { ApiError, toApiError } from '@switchyard/api-errors';
import { ErrorClass, ErrorInfo } from '@switchyard/contracts';
import type { RoutingTrace } from '@switchyard/contracts';
import type { RequestOutcome } from '@switchyard/requests';
import { errorInfoToApiError } from '@switchyard/openai-api';
import { routingHeaders } from './routing-headers';

/** What the router answers for every unary call: the trace, and a response or the error. */
export interface RoutedAnswer<Response> {
  trace?: RoutingTrace | undefined;
  outcome?: { $case: 'response'; response: Response } | { $case: 'error'; error: ErrorInfo } | undefined;
}

/**
 * The router's response with the routing headers, the trace kept on the
 * outcome; a failure is recorded and thrown as the client's error (with the
 * same headers).
 */
export function routedResponse<Response>(
  outcome: RequestOutcome,
  routed: RoutedAnswer<Response>,
): { response: Response; headers: Record<string, string> } {
  outcome.trace = routed.trace ?? outcome.trace;
  const headers = routingHeaders(routed.trace);
  if (routed.outcome?.$case !== 'response') throw routedFailure(outcome, routed.outcome?.error, headers);
  return { response: routed.outcome.response, headers };
}

/** The client error for a request the router could not serve, recorded on the outcome; carries the routing headers. */
export function routedFailure(outcome: RequestOutcome, info: ErrorInfo | undefined, headers: Record<string, string>): ApiError {
  const error = errorInfoToApiError(info ?? ErrorInfo.fromPartial({ errorClass: ErrorClass.ERROR_CLASS_INTERNAL }));
  outcome.fail(error.status, info?.errorClass ?? ErrorClass.ERROR_CLASS_INTERNAL, error.message);
  return new ApiError(error.status, error.type, error.code, error.message, error.param, { ...error.headers, ...headers });
}

/** Records an error nothing recorded yet (a refused body, a broken router call) and returns it as the caller's ApiError. */
export function recordUnrecorded(outcome: RequestOutcome, error: unknown): ApiError {
  const apiError = toApiError(error);
  if (outcome.errorClass === ErrorClass.ERROR_CLASS_UNSPECIFIED) {
    const errorClass = apiError.status < 500 ? ErrorClass.ERROR_CLASS_INVALID_REQUEST : ErrorClass.ERROR_CLASS_INTERNAL;
    outcome.fail(apiError.status, errorClass, apiError.message);
  }
  return apiError;
}
