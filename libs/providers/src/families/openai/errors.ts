import { ErrorClass, ErrorInfo } from '@switchyard/contracts';
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
    message: wire.message || `The provider answered HTTP ${status}.`,
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
  switch (status) {
    case 400:
    case 422:
      return ErrorClass.ERROR_CLASS_INVALID_REQUEST;
    case 401:
      return ErrorClass.ERROR_CLASS_AUTH;
    case 403:
      return ErrorClass.ERROR_CLASS_PERMISSION_DENIED;
    case 404:
      return ErrorClass.ERROR_CLASS_NOT_FOUND;
    case 408:
      return ErrorClass.ERROR_CLASS_TIMEOUT;
    case 413:
      return ErrorClass.ERROR_CLASS_CONTEXT_LENGTH;
    case 429:
      return ErrorClass.ERROR_CLASS_RATE_LIMITED;
    default:
      return status >= 500 ? ErrorClass.ERROR_CLASS_UPSTREAM_5XX : ErrorClass.ERROR_CLASS_INVALID_REQUEST;
  }
}
