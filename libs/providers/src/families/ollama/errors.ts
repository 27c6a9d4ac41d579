import { ErrorClass, ErrorInfo } from '@switchyard/contracts';
import { bareStatusMessage, errorClassOfStatus } from '../../mapping/status-error-class';
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
    message: message || bareStatusMessage(status),
    upstreamStatus: status,
    retryAfterMs: retryAfter,
  });
}

function classify(status: number, message: string): ErrorClass {
  if (/context length|context window|input length exceeds/i.test(message)) return ErrorClass.ERROR_CLASS_CONTEXT_LENGTH;
  if (/not found, try pulling/i.test(message)) return ErrorClass.ERROR_CLASS_NOT_FOUND;
  return errorClassOfStatus(status);
}
