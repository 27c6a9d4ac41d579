import { ErrorClass, ErrorInfo } from '@switchyard/contracts';

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
]);

function codeOf(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return '';
}

/**
 * Failures below HTTP (no status): timeouts, refused or reset connections.
 * `midStream` marks failures after the first byte of a streamed body.
 */
export function transportError(error: unknown, midStream: boolean, deadlineHit: boolean): ErrorInfo {
  const code = codeOf(error);
  const name = error instanceof Error ? error.name : '';
  let errorClass: ErrorClass;
  if (deadlineHit || TIMEOUT_CODES.has(code) || name === 'TimeoutError') errorClass = ErrorClass.ERROR_CLASS_TIMEOUT;
  else if (midStream) errorClass = ErrorClass.ERROR_CLASS_STREAM_INTERRUPTED;
  else if (NETWORK_CODES.has(code)) errorClass = ErrorClass.ERROR_CLASS_NETWORK;
  else errorClass = ErrorClass.ERROR_CLASS_NETWORK;
  const message =
    errorClass === ErrorClass.ERROR_CLASS_TIMEOUT
      ? 'The provider did not answer in time.'
      : errorClass === ErrorClass.ERROR_CLASS_STREAM_INTERRUPTED
        ? 'The connection to the provider broke during the stream.'
        : 'The provider could not be reached.';
  return ErrorInfo.fromPartial({ errorClass, message, providerCode: code });
}
