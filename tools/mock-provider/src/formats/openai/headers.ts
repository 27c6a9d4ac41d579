import { randomId } from '../../behaviour/determinism';

export type OpenAIFlavour = 'openai' | 'azure';

/** Headers OpenAI sends on every response, so clients that read them find plausible values. */
export function openaiHeaders(flavour: OpenAIFlavour, rateLimited?: { retryAfterSeconds: number }): Record<string, string> {
  const headers: Record<string, string> = {
    'x-request-id': `req_${randomId(32).toLowerCase()}`,
    'openai-processing-ms': '42',
    'x-ratelimit-limit-requests': '10000',
    'x-ratelimit-limit-tokens': '30000000',
    'x-ratelimit-remaining-requests': rateLimited ? '0' : '9999',
    'x-ratelimit-remaining-tokens': rateLimited ? '0' : '29999000',
    'x-ratelimit-reset-requests': rateLimited ? `${rateLimited.retryAfterSeconds}s` : '6ms',
    'x-ratelimit-reset-tokens': rateLimited ? `${rateLimited.retryAfterSeconds}s` : '2ms',
  };
  if (flavour === 'openai') {
    headers['openai-version'] = '2020-10-01';
    headers['openai-organization'] = 'org-mock';
  } else {
    headers['apim-request-id'] = randomId(36).toLowerCase();
    headers['x-ms-region'] = 'Mock Region';
  }
  if (rateLimited) {
    headers['retry-after'] = String(rateLimited.retryAfterSeconds);
    if (flavour === 'azure') headers['retry-after-ms'] = String(rateLimited.retryAfterSeconds * 1000);
  }
  return headers;
}
