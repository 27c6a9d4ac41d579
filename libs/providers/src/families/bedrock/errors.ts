import { ErrorClass, ErrorInfo } from '@switchyard/contracts';
import { errorClassOfStatus } from '../../mapping/status-error-class';
import type { UpstreamHeaders } from '../../provider-adapter';
import { header, parseJson, retryAfterMs } from '../../wire/headers';

/**
 * REST-JSON errors: the exception name is in x-amzn-ErrorType
 * ("ThrottlingException:http://internal.amazon.com/coral/..."), the body has
 * only {"message"} (or {"Message"}). Stream exception frames use the
 * lower-camel names of the same exceptions.
 */
export function bedrockError(status: number, headers: UpstreamHeaders, body: Buffer): ErrorInfo {
  const parsed = parseJson(body) as { message?: string; Message?: string; __type?: string } | undefined;
  const type = (header(headers, 'x-amzn-errortype') ?? parsed?.__type ?? '').split(':')[0]?.split('#').pop() ?? '';
  return bedrockException(status, type, parsed?.message ?? parsed?.Message ?? '', retryAfterMs(headers));
}

export function bedrockException(status: number, exceptionType: string, message: string, retryAfter = 0): ErrorInfo {
  const type = exceptionType.charAt(0).toUpperCase() + exceptionType.slice(1);
  return ErrorInfo.fromPartial({
    errorClass: classify(status, type, message),
    message: message || `The provider answered HTTP ${status}${type ? ` (${type})` : ''}.`,
    upstreamStatus: status,
    retryAfterMs: retryAfter,
    providerCode: type,
  });
}

const AUTH = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'IncompleteSignatureException',
  'MissingAuthenticationTokenException',
  'ExpiredTokenException',
  'InvalidClientTokenId',
]);

function classify(status: number, type: string, message: string): ErrorClass {
  if (AUTH.has(type)) return ErrorClass.ERROR_CLASS_AUTH;
  switch (type) {
    case 'ValidationException':
      return /too long|too many (input )?tokens|context (window|length)|exceeds? the (maximum|model)/i.test(message)
        ? ErrorClass.ERROR_CLASS_CONTEXT_LENGTH
        : ErrorClass.ERROR_CLASS_INVALID_REQUEST;
    case 'AccessDeniedException':
      return ErrorClass.ERROR_CLASS_PERMISSION_DENIED;
    case 'ResourceNotFoundException':
      return ErrorClass.ERROR_CLASS_NOT_FOUND;
    case 'ThrottlingException':
      return ErrorClass.ERROR_CLASS_RATE_LIMITED;
    case 'ServiceQuotaExceededException':
      return ErrorClass.ERROR_CLASS_QUOTA_EXCEEDED;
    case 'ModelTimeoutException':
      return ErrorClass.ERROR_CLASS_TIMEOUT;
    case 'ModelStreamErrorException':
      return ErrorClass.ERROR_CLASS_STREAM_INTERRUPTED;
    case 'ServiceUnavailableException':
    case 'InternalServerException':
    case 'ModelErrorException':
    case 'ModelNotReadyException':
      return ErrorClass.ERROR_CLASS_UPSTREAM_5XX;
    default:
      return errorClassOfStatus(status);
  }
}

/** Stream exception frames carry no HTTP status; this is the status the same exception has as a response. */
export function statusOfStreamException(exceptionType: string): number {
  switch (exceptionType) {
    case 'validationException':
      return 400;
    case 'throttlingException':
      return 429;
    case 'serviceUnavailableException':
      return 503;
    case 'modelStreamErrorException':
      return 424;
    default:
      return 500;
  }
}
