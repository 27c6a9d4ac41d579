import { RateLimitInfo } from '@switchyard/contracts';
import type { UpstreamHeaders } from '../../provider-adapter';
import { retryAfterMs } from '../../wire/headers';

/** Bedrock sends no quota headers; a retry-after appears only from proxies in front of it. */
export function bedrockRateLimit(headers: UpstreamHeaders): RateLimitInfo {
  const retryAfter = retryAfterMs(headers);
  return RateLimitInfo.fromPartial({ present: retryAfter > 0, remainingRequests: -1, remainingTokens: -1, retryAfterMs: retryAfter });
}
