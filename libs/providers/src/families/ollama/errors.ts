import { ErrorClass, ErrorInfo } from '@switchyard/contracts';
import type { UpstreamHeaders } from '../../provider-adapter';
import { parseJson, retryAfterMs } from '../../wire/headers';

/** Ollama errors are {"error": "<text>"}; the status and the wording decide the class. */
export function ollamaError(status: number, headers: UpstreamHeaders, body: Buffer): ErrorInfo {
  const parsed = parseJson(body) as { error?: unknown } | undefined;
  const message = typeof parsed?.error === 'string' ? parsed.error : body.toString('utf8').slice(0, 500);
  return ollamaWireError(status, message, retryAfterMs(headers));
}

export function ollamaWireError(status: number, message: string, retryAfter = 0): ErrorInfo {
  return ErrorInfo.fromPartial({
    errorClass: classify(status, message),
    message: message || `The provider answered HTTP ${status}.`,
    upstreamStatus: status,
    retryAfterMs: retryAfter,
  });
}

function classify(status: number, message: string): ErrorClass {
  if (/context length|context window|input length exceeds/i.test(message)) return ErrorClass.ERROR_CLASS_CONTEXT_LENGTH;
  if (status === 404 || /not found, try pulling/i.test(message)) return ErrorClass.ERROR_CLASS_NOT_FOUND;
  if (status === 401) return ErrorClass.ERROR_CLASS_AUTH;
  if (status === 403) return ErrorClass.ERROR_CLASS_PERMISSION_DENIED;
  if (status === 429) return ErrorClass.ERROR_CLASS_RATE_LIMITED;
  if (status === 408 || status === 504) return ErrorClass.ERROR_CLASS_TIMEOUT;
  if (status >= 500 || status === 0) return ErrorClass.ERROR_CLASS_UPSTREAM_5XX;
  return ErrorClass.ERROR_CLASS_INVALID_REQUEST;
}
