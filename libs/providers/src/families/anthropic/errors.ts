import { ErrorClass, ErrorInfo } from '@switchyard/contracts';
import { bareStatusMessage, errorClassOfStatus } from '../../mapping/status-error-class';
import type { UpstreamHeaders } from '../../provider-adapter';
import { parseJson, retryAfterMs } from '../../wire/headers';
import type { AnthropicWireError } from './types';

/** {"type":"error","error":{"type","message"}} -> taxonomy; the error type decides, the status is the fallback. */
export function anthropicError(status: number, headers: UpstreamHeaders, body: Buffer): ErrorInfo {
  const parsed = parseJson(body) as { error?: AnthropicWireError } | undefined;
  return anthropicWireError(status, parsed?.error ?? {}, retryAfterMs(headers));
}

export function anthropicWireError(status: number, wire: AnthropicWireError, retryAfter = 0): ErrorInfo {
  const type = wire.type ?? '';
  const message = wire.message || bareStatusMessage(status);
  return ErrorInfo.fromPartial({
    errorClass: classify(status, type, message),
    message,
    upstreamStatus: status,
    retryAfterMs: retryAfter,
    providerCode: type,
  });
}

function classify(status: number, type: string, message: string): ErrorClass {
  switch (type) {
    case 'invalid_request_error':
      return /prompt is too long|context window|too many tokens/i.test(message)
        ? ErrorClass.ERROR_CLASS_CONTEXT_LENGTH
        : ErrorClass.ERROR_CLASS_INVALID_REQUEST;
    case 'authentication_error':
      return ErrorClass.ERROR_CLASS_AUTH;
    case 'permission_error':
      return ErrorClass.ERROR_CLASS_PERMISSION_DENIED;
    case 'not_found_error':
      return ErrorClass.ERROR_CLASS_NOT_FOUND;
    case 'request_too_large':
      return ErrorClass.ERROR_CLASS_INVALID_REQUEST;
    case 'billing_error':
      return ErrorClass.ERROR_CLASS_QUOTA_EXCEEDED;
    case 'rate_limit_error':
      return ErrorClass.ERROR_CLASS_RATE_LIMITED;
    case 'timeout_error':
      return ErrorClass.ERROR_CLASS_TIMEOUT;
    case 'api_error':
    case 'overloaded_error':
      return ErrorClass.ERROR_CLASS_UPSTREAM_5XX;
    default:
      return errorClassOfStatus(status);
  }
}
