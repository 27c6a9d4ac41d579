import { RateLimitInfo } from '@switchyard/contracts';
import type { UpstreamHeaders } from '../../provider-adapter';
import { header, parseDurationMs, retryAfterMs } from '../../wire/headers';

/** x-ratelimit-* headers as OpenAI (and many compatible servers) send them. */
export function openAiRateLimit(headers: UpstreamHeaders): RateLimitInfo {
  const remainingRequests = header(headers, 'x-ratelimit-remaining-requests');
  const remainingTokens = header(headers, 'x-ratelimit-remaining-tokens');
  const retryAfter = retryAfterMs(headers);
  const present = remainingRequests !== undefined || remainingTokens !== undefined || retryAfter > 0;
  return RateLimitInfo.fromPartial({
    present,
    remainingRequests: remainingRequests !== undefined ? Number(remainingRequests) || 0 : -1,
    remainingTokens: remainingTokens !== undefined ? Number(remainingTokens) || 0 : -1,
    resetRequestsMs: parseDurationMs(header(headers, 'x-ratelimit-reset-requests')),
    resetTokensMs: parseDurationMs(header(headers, 'x-ratelimit-reset-tokens')),
    retryAfterMs: retryAfter,
  });
}
