import { ApiError, toApiError } from '@switchyard/api-errors';
import { ErrorClass, ErrorInfo } from '@switchyard/contracts';
import type { RequestOutcome } from '@switchyard/requests';
import { errorInfoToApiError } from '@switchyard/openai-api';

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
