export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string };
  request_id?: string;
}

/** Anthropic's error type for an HTTP status (the status itself is the same on both API surfaces). */
export function anthropicErrorType(status: number): string {
  switch (status) {
    case 400:
    case 405:
    case 415:
    case 422:
      return 'invalid_request_error';
    case 401:
      return 'authentication_error';
    case 402:
      return 'billing_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    case 503:
    case 529:
      return 'overloaded_error';
    case 504:
      return 'timeout_error';
    default:
      return status >= 500 ? 'api_error' : 'invalid_request_error';
  }
}

export function anthropicErrorBody(status: number, message: string, requestId?: string): AnthropicErrorBody {
  return { type: 'error', error: { type: anthropicErrorType(status), message }, ...(requestId ? { request_id: requestId } : {}) };
}

/**
 * Rewrites an OpenAI-style error body ({"error":{"message",...}}) into
 * Anthropic's shape; returns undefined when the body is not one.
 */
export function openAiErrorToAnthropic(status: number, body: string, requestId?: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || (parsed as { type?: unknown }).type === 'error') return undefined;
  const error = (parsed as { error?: { message?: unknown } }).error;
  if (typeof error !== 'object' || error === null || typeof error.message !== 'string') return undefined;
  return JSON.stringify(anthropicErrorBody(status, error.message, requestId));
}
