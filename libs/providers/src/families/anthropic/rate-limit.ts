import { RateLimitInfo } from '@switchyard/contracts';
import type { UpstreamHeaders } from '../../provider-adapter';
import { header, retryAfterMs } from '../../wire/headers';

/** anthropic-ratelimit-* headers; resets are RFC 3339 instants. */
export function anthropicRateLimit(headers: UpstreamHeaders, nowMs = Date.now()): RateLimitInfo {
  const remainingRequests = header(headers, 'anthropic-ratelimit-requests-remaining');
  const remainingTokens = header(headers, 'anthropic-ratelimit-tokens-remaining');
  const retryAfter = retryAfterMs(headers, nowMs);
  const untilReset = (name: string): number => {
    const at = Date.parse(header(headers, name) ?? '');
    return Number.isNaN(at) ? 0 : Math.max(0, at - nowMs);
  };
  return RateLimitInfo.fromPartial({
    present: remainingRequests !== undefined || remainingTokens !== undefined || retryAfter > 0,
    remainingRequests: remainingRequests !== undefined ? Number(remainingRequests) || 0 : -1,
    remainingTokens: remainingTokens !== undefined ? Number(remainingTokens) || 0 : -1,
    resetRequestsMs: untilReset('anthropic-ratelimit-requests-reset'),
    resetTokensMs: untilReset('anthropic-ratelimit-tokens-reset'),
    retryAfterMs: retryAfter,
  });
}
