import { ErrorClass, ErrorInfo } from '@switchyard/contracts';
import { bareStatusMessage, errorClassOfStatus, NO_HTTP_STATUS } from '../../mapping/status-error-class';
import type { UpstreamHeaders } from '../../provider-adapter';
import { parseJson, retryAfterMs } from '../../wire/headers';
import type { OpenAiWireCompletion, OpenAiWireError } from './types';

/** Maps an OpenAI(-compatible) error status and body onto the taxonomy. */
export function openAiError(status: number, headers: UpstreamHeaders, body: Buffer): ErrorInfo {
  const parsed = parseJson(body) as OpenAiWireCompletion | undefined;
  const wire: OpenAiWireError = parsed?.error ?? {};
  return openAiWireError(status, wire, retryAfterMs(headers));
}

export function openAiWireError(status: number, wire: OpenAiWireError, retryAfter = 0): ErrorInfo {
  const code = wire.code === null || wire.code === undefined ? '' : String(wire.code);
  return ErrorInfo.fromPartial({
    errorClass: classify(status, code, wire.type ?? ''),
    message: wire.message || bareStatusMessage(status),
    upstreamStatus: status,
    retryAfterMs: retryAfter,
    providerCode: code || wire.type || '',
    param: wire.param ?? '',
  });
}

function classify(status: number, code: string, type: string): ErrorClass {
  if (code === 'context_length_exceeded' || code === 'string_above_max_length') return ErrorClass.ERROR_CLASS_CONTEXT_LENGTH;
  if (code === 'content_filter' || code === 'content_policy_violation') return ErrorClass.ERROR_CLASS_CONTENT_FILTER;
  if (code === 'insufficient_quota' || type === 'insufficient_quota') return ErrorClass.ERROR_CLASS_QUOTA_EXCEEDED;
  if (code === 'unsupported_parameter' || code === 'unsupported_value') return ErrorClass.ERROR_CLASS_UNSUPPORTED;
  if (code === 'model_not_found') return ErrorClass.ERROR_CLASS_NOT_FOUND;
  // An HTTP status outranks the type (OpenAI labels a bad key invalid_request_error on a 401);
  // an error inside a stream has no status of its own, so there the type decides.
  if (status === NO_HTTP_STATUS) return IN_STREAM_TYPES[type] ?? errorClassOfStatus(status);
  return errorClassOfStatus(status);
}

/** The error types OpenAI(-compatible) servers put on errors they send inside a stream. */
const IN_STREAM_TYPES: Readonly<Record<string, ErrorClass>> = {
  invalid_request_error: ErrorClass.ERROR_CLASS_INVALID_REQUEST,
  authentication_error: ErrorClass.ERROR_CLASS_AUTH,
  permission_error: ErrorClass.ERROR_CLASS_PERMISSION_DENIED,
  not_found_error: ErrorClass.ERROR_CLASS_NOT_FOUND,
  rate_limit_error: ErrorClass.ERROR_CLASS_RATE_LIMITED,
  requests: ErrorClass.ERROR_CLASS_RATE_LIMITED,
  tokens: ErrorClass.ERROR_CLASS_RATE_LIMITED,
  timeout_error: ErrorClass.ERROR_CLASS_TIMEOUT,
  server_error: ErrorClass.ERROR_CLASS_UPSTREAM_5XX,
  api_error: ErrorClass.ERROR_CLASS_UPSTREAM_5XX,
  service_unavailable_error: ErrorClass.ERROR_CLASS_UPSTREAM_5XX,
};
