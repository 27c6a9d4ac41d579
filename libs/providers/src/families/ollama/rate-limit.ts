import { RateLimitInfo } from '@switchyard/contracts';
import type { UpstreamHeaders } from '../../provider-adapter';
import { retryAfterMs } from '../../wire/headers';

/** Ollama has no rate-limit headers. */
export function ollamaRateLimit(headers: UpstreamHeaders): RateLimitInfo {
  const retryAfter = retryAfterMs(headers);
  return RateLimitInfo.fromPartial({ present: retryAfter > 0, remainingRequests: -1, remainingTokens: -1, retryAfterMs: retryAfter });
}
