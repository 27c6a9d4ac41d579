import type { Fault } from '../../behaviour/scopes';
import type { HttpReply } from '../../server/types';
import { googlePrettyJson } from './json';

export interface GoogleRpcError {
  code: number;
  message: string;
  status: string;
  details?: Record<string, unknown>[];
}

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'NOT_IMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

const MESSAGES: Record<number, string> = {
  400: 'Request contains an invalid argument.',
  401: 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
  403: 'The caller does not have permission',
  404: 'Requested entity was not found.',
  429: 'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.',
  500: 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
  503: 'The model is overloaded. Please try again later.',
  504: 'The request timed out. Please try again.',
};

export function rpcError(code: number, message?: string, details?: Record<string, unknown>[]): GoogleRpcError {
  const status = STATUS_NAMES[code] ?? (code >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION');
  const error: GoogleRpcError = {
    code,
    message: message ?? MESSAGES[code] ?? `Request failed with status ${code} (injected by mock-provider).`,
    status,
  };
  if (details) error.details = details;
  return error;
}

export function geminiErrorReply(error: GoogleRpcError, extraHeaders: Record<string, string> = {}): HttpReply {
  return {
    status: error.code,
    headers: { 'content-type': 'application/json; charset=UTF-8', ...extraHeaders },
    body: googlePrettyJson({ error }),
  };
}

export const invalidArgument = (message: string): GoogleRpcError => rpcError(400, message);

export function missingKeyReply(): HttpReply {
  return geminiErrorReply(
    rpcError(
      403,
      "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
    ),
  );
}

/** The error for an injected status, as the JSON `error` object (also used inside streams). */
export function errorForStatus(status: number, retryAfterSeconds?: number): GoogleRpcError {
  if (status !== 429) return rpcError(status);
  return rpcError(429, undefined, [
    {
      '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
      violations: [
        {
          quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
          quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
        },
      ],
    },
    {
      '@type': 'type.googleapis.com/google.rpc.Help',
      links: [{ description: 'Learn more about Gemini API quotas', url: 'https://ai.google.dev/gemini-api/docs/rate-limits' }],
    },
    { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${retryAfterSeconds ?? 1}s` },
  ]);
}

export function faultReply(fault: Fault): HttpReply {
  if (fault.kind === 'context_length') {
    return geminiErrorReply(
      invalidArgument(`The input token count (${fault.promptTokens}) exceeds the maximum number of tokens allowed (${fault.limit}).`),
    );
  }
  // The Gemini API itself puts the delay in RetryInfo; retry-after is added for generic HTTP clients.
  const headers: Record<string, string> = fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
  return geminiErrorReply(errorForStatus(fault.status, fault.retryAfterSeconds), headers);
}
