import { ErrorClass, ErrorInfo } from '@switchyard/contracts';
import type { UpstreamHeaders } from '../../provider-adapter';
import { parseJson, retryAfterMs } from '../../wire/headers';
import { openAiError } from '../openai/errors';

/**
 * OpenAI's error shape, plus the variants compatible servers use: vLLM's
 * {"object":"error","message","code"} and plain {"message"} / {"detail"}
 * bodies. Context overflows are often only recognisable by their wording.
 */
export function compatibleError(status: number, headers: UpstreamHeaders, body: Buffer): ErrorInfo {
  const parsed = parseJson(body) as { error?: unknown; message?: unknown; detail?: unknown } | undefined;
  const info =
    parsed && typeof parsed.error === 'object' && parsed.error !== null
      ? openAiError(status, headers, body)
      : openAiError(status, headers, Buffer.from(JSON.stringify({ error: { message: flatMessage(parsed) } })));
  const merged = { ...info, retryAfterMs: info.retryAfterMs || retryAfterMs(headers) };
  if (
    merged.errorClass === ErrorClass.ERROR_CLASS_INVALID_REQUEST &&
    /context length|context window|maximum context|too many tokens|prompt is too long/i.test(merged.message)
  ) {
    return ErrorInfo.fromPartial({ ...merged, errorClass: ErrorClass.ERROR_CLASS_CONTEXT_LENGTH });
  }
  return merged;
}

function flatMessage(parsed: { error?: unknown; message?: unknown; detail?: unknown } | undefined): string {
  if (!parsed) return '';
  if (typeof parsed.error === 'string') return parsed.error;
  if (typeof parsed.message === 'string') return parsed.message;
  if (typeof parsed.detail === 'string') return parsed.detail;
  return '';
}
