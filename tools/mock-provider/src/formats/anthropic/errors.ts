import { randomId } from '../../behaviour/determinism';
import type { Fault } from '../../behaviour/scopes';
import type { HttpReply } from '../../server/types';

export interface AnthropicError {
  type: string;
  message: string;
}

/** Headers Anthropic sends on every response; on 429 the remaining counts drop to zero. */
export function anthropicHeaders(rateLimited?: { retryAfterSeconds: number }): Record<string, string> {
  const reset = new Date(Date.now() + (rateLimited?.retryAfterSeconds ?? 1) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const headers: Record<string, string> = {
    'request-id': `req_${randomId(24)}`,
    'anthropic-organization-id': '00000000-0000-4000-8000-000000000000',
    'anthropic-ratelimit-requests-limit': '4000',
    'anthropic-ratelimit-requests-remaining': rateLimited ? '0' : '3999',
    'anthropic-ratelimit-requests-reset': reset,
    'anthropic-ratelimit-tokens-limit': '2000000',
    'anthropic-ratelimit-tokens-remaining': rateLimited ? '0' : '1999000',
    'anthropic-ratelimit-tokens-reset': reset,
    'anthropic-ratelimit-input-tokens-limit': '1600000',
    'anthropic-ratelimit-input-tokens-remaining': rateLimited ? '0' : '1599000',
    'anthropic-ratelimit-input-tokens-reset': reset,
    'anthropic-ratelimit-output-tokens-limit': '400000',
    'anthropic-ratelimit-output-tokens-remaining': rateLimited ? '0' : '399000',
    'anthropic-ratelimit-output-tokens-reset': reset,
  };
  if (rateLimited) headers['retry-after'] = String(rateLimited.retryAfterSeconds);
  return headers;
}

export function errorBody(error: AnthropicError): Record<string, unknown> {
  return { type: 'error', error, request_id: `req_${randomId(24)}` };
}

export function anthropicErrorReply(status: number, error: AnthropicError, rateLimited?: { retryAfterSeconds: number }): HttpReply {
  return {
    status,
    headers: {
      'content-type': 'application/json',
      ...anthropicHeaders(rateLimited),
      'x-should-retry': String(status === 429 || status >= 500),
    },
    body: JSON.stringify(errorBody(error)),
  };
}

export const invalidRequest = (message: string): AnthropicError => ({ type: 'invalid_request_error', message });

export function errorForStatus(status: number): AnthropicError {
  switch (status) {
    case 400:
      return invalidRequest('Invalid request (injected by mock-provider).');
    case 401:
      return { type: 'authentication_error', message: 'invalid x-api-key' };
    case 403:
      return { type: 'permission_error', message: 'Your API key does not have permission to use the specified resource.' };
    case 404:
      return { type: 'not_found_error', message: 'The requested resource could not be found.' };
    case 413:
      return { type: 'request_too_large', message: 'Request exceeds the maximum allowed number of bytes.' };
    case 429:
      return {
        type: 'rate_limit_error',
        message:
          'Number of request tokens has exceeded your per-minute rate limit (https://docs.anthropic.com/en/api/rate-limits); see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later. You may also contact sales at https://www.anthropic.com/contact-sales to discuss your options for a rate limit increase.',
      };
    case 500:
      return { type: 'api_error', message: 'Internal server error' };
    case 503:
    case 529:
      return { type: 'overloaded_error', message: 'Overloaded' };
    case 504:
      return { type: 'timeout_error', message: 'Request timed out' };
    default:
      return status >= 500
        ? { type: 'api_error', message: `Upstream error ${status} (injected by mock-provider).` }
        : invalidRequest(`Request failed with status ${status} (injected by mock-provider).`);
  }
}

export function faultReply(fault: Fault): HttpReply {
  if (fault.kind === 'context_length') {
    return anthropicErrorReply(400, invalidRequest(`prompt is too long: ${fault.promptTokens} tokens > ${fault.limit} maximum`));
  }
  const rateLimited = fault.status === 429 ? { retryAfterSeconds: fault.retryAfterSeconds ?? 1 } : undefined;
  const reply = anthropicErrorReply(fault.status, errorForStatus(fault.status), rateLimited);
  if (!rateLimited && fault.retryAfterSeconds !== undefined) reply.headers['retry-after'] = String(fault.retryAfterSeconds);
  return reply;
}
