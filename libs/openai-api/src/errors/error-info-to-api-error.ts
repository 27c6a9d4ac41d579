import { ApiError } from '@switchyard/api-errors';
import { ErrorClass, type ErrorInfo } from '@switchyard/contracts';

interface Mapping {
  status: number;
  type: string;
  code: string;
}

const MAPPINGS: Record<Exclude<ErrorClass, ErrorClass.UNRECOGNIZED>, Mapping> = {
  [ErrorClass.ERROR_CLASS_UNSPECIFIED]: { status: 500, type: 'server_error', code: 'internal_error' },
  [ErrorClass.ERROR_CLASS_INVALID_REQUEST]: { status: 400, type: 'invalid_request_error', code: 'invalid_request' },
  // The provider refused *our* credentials: not the caller's fault.
  [ErrorClass.ERROR_CLASS_AUTH]: { status: 502, type: 'api_error', code: 'upstream_authentication_failed' },
  [ErrorClass.ERROR_CLASS_PERMISSION_DENIED]: { status: 403, type: 'permission_error', code: 'permission_denied' },
  [ErrorClass.ERROR_CLASS_NOT_FOUND]: { status: 404, type: 'invalid_request_error', code: 'model_not_found' },
  [ErrorClass.ERROR_CLASS_RATE_LIMITED]: { status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded' },
  [ErrorClass.ERROR_CLASS_QUOTA_EXCEEDED]: { status: 429, type: 'insufficient_quota', code: 'insufficient_quota' },
  [ErrorClass.ERROR_CLASS_CONTEXT_LENGTH]: { status: 400, type: 'invalid_request_error', code: 'context_length_exceeded' },
  [ErrorClass.ERROR_CLASS_CONTENT_FILTER]: { status: 400, type: 'invalid_request_error', code: 'content_filter' },
  [ErrorClass.ERROR_CLASS_UNSUPPORTED]: { status: 400, type: 'invalid_request_error', code: 'unsupported_parameter' },
  [ErrorClass.ERROR_CLASS_TIMEOUT]: { status: 504, type: 'timeout_error', code: 'upstream_timeout' },
  [ErrorClass.ERROR_CLASS_UPSTREAM_5XX]: { status: 502, type: 'api_error', code: 'upstream_error' },
  [ErrorClass.ERROR_CLASS_NETWORK]: { status: 502, type: 'api_error', code: 'upstream_unreachable' },
  [ErrorClass.ERROR_CLASS_STREAM_INTERRUPTED]: { status: 502, type: 'api_error', code: 'stream_interrupted' },
  [ErrorClass.ERROR_CLASS_NO_DEPLOYMENT]: { status: 503, type: 'api_error', code: 'no_deployment_available' },
  [ErrorClass.ERROR_CLASS_INTERNAL]: { status: 500, type: 'server_error', code: 'internal_error' },
};

/** The client-facing error for a failure in the unified error taxonomy. */
export function errorInfoToApiError(info: ErrorInfo): ApiError {
  const mapping = info.errorClass === ErrorClass.UNRECOGNIZED ? MAPPINGS[ErrorClass.ERROR_CLASS_INTERNAL] : MAPPINGS[info.errorClass];
  const headers: Record<string, string> = {};
  if (info.retryAfterMs > 0) headers['retry-after'] = String(Math.max(1, Math.ceil(info.retryAfterMs / 1000)));
  return new ApiError(mapping.status, mapping.type, mapping.code, info.message || 'The request failed.', info.param || null, headers);
}
