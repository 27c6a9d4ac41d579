import { RateLimitInfo } from '@switchyard/contracts';
import type { UpstreamHeaders } from '../../provider-adapter';
import { retryAfterMs } from '../../wire/headers';

/** Gemini sends no remaining-quota headers; only a retry delay (in the 429 body, read by the error mapping). */
export function geminiRateLimit(headers: UpstreamHeaders): RateLimitInfo {
  const retryAfter = retryAfterMs(headers);
  return RateLimitInfo.fromPartial({ present: retryAfter > 0, remainingRequests: -1, remainingTokens: -1, retryAfterMs: retryAfter });
}
