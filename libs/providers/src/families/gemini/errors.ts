import { ErrorClass, ErrorInfo } from '@switchyard/contracts';
import { bareStatusMessage, errorClassOfStatus } from '../../mapping/status-error-class';
import type { UpstreamHeaders } from '../../provider-adapter';
import { parseDurationMs, parseJson, retryAfterMs } from '../../wire/headers';
import type { GeminiWireError } from './types';

/** google.rpc.Status bodies {"error":{"code","message","status","details"}} -> taxonomy. */
export function geminiError(status: number, headers: UpstreamHeaders, body: Buffer): ErrorInfo {
  const parsed = parseJson(body) as { error?: GeminiWireError } | GeminiWireError[] | undefined;
  // Some Google front ends wrap the status in a one-element array.
  const wire = (Array.isArray(parsed) ? parsed[0] : parsed?.error) ?? {};
  return geminiWireError(status, wire, retryAfterMs(headers));
}

export function geminiWireError(status: number, wire: GeminiWireError, retryAfter = 0): ErrorInfo {
  const code = wire.status ?? '';
  const message = wire.message || bareStatusMessage(status);
  const retryInfo = wire.details?.find((d) => d['@type']?.endsWith('google.rpc.RetryInfo'));
  return ErrorInfo.fromPartial({
    errorClass: classify(status || wire.code || 0, code, message, wire),
    message,
    upstreamStatus: status || wire.code || 0,
    retryAfterMs: parseDurationMs(retryInfo?.retryDelay) || retryAfter,
    providerCode: code,
  });
}

function classify(status: number, code: string, message: string, wire: GeminiWireError): ErrorClass {
  if (wire.details?.some((d) => d.reason === 'API_KEY_INVALID') || /API key not valid/i.test(message)) return ErrorClass.ERROR_CLASS_AUTH;
  switch (code) {
    case 'INVALID_ARGUMENT':
    case 'FAILED_PRECONDITION':
    case 'OUT_OF_RANGE':
      return /token count|exceeds the maximum number of tokens|context/i.test(message)
        ? ErrorClass.ERROR_CLASS_CONTEXT_LENGTH
        : ErrorClass.ERROR_CLASS_INVALID_REQUEST;
    case 'UNAUTHENTICATED':
      return ErrorClass.ERROR_CLASS_AUTH;
    case 'PERMISSION_DENIED':
      return ErrorClass.ERROR_CLASS_PERMISSION_DENIED;
    case 'NOT_FOUND':
      return ErrorClass.ERROR_CLASS_NOT_FOUND;
    case 'RESOURCE_EXHAUSTED':
      return ErrorClass.ERROR_CLASS_RATE_LIMITED;
    case 'DEADLINE_EXCEEDED':
      return ErrorClass.ERROR_CLASS_TIMEOUT;
    case 'UNAVAILABLE':
    case 'INTERNAL':
    case 'UNKNOWN':
      return ErrorClass.ERROR_CLASS_UPSTREAM_5XX;
    default:
      return errorClassOfStatus(status);
  }
}

/** A prompt Gemini refused outright: HTTP 200 with promptFeedback.blockReason and no candidates. */
export function geminiBlocked(blockReason: string): ErrorInfo {
  return ErrorInfo.fromPartial({
    errorClass: ErrorClass.ERROR_CLASS_CONTENT_FILTER,
    message: `The provider blocked the prompt (${blockReason}).`,
    upstreamStatus: 200,
    providerCode: blockReason,
  });
}
