import type { Fault } from '../../behaviour/scopes';
import type { HttpReply } from '../../server/types';

export function ollamaErrorReply(status: number, message: string, headers: Record<string, string> = {}): HttpReply {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify({ error: message }) };
}

export function errorMessageForStatus(status: number, model: string): string {
  switch (status) {
    case 400:
      return 'invalid request (injected by mock-provider)';
    case 404:
      return `model "${model}" not found, try pulling it first`;
    case 429:
    case 503:
      return 'server busy, please try again.  maximum pending requests exceeded';
    case 500:
      return 'llama runner process has terminated: exit status 2';
    default:
      return `request failed with status ${status} (injected by mock-provider)`;
  }
}

export function faultReply(fault: Fault, model: string): HttpReply {
  // Ollama truncates long chat prompts itself; the mock reports it the way /api/embed does.
  if (fault.kind === 'context_length') return ollamaErrorReply(400, 'the input length exceeds the context length');
  const headers: Record<string, string> = fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
  return ollamaErrorReply(fault.status, errorMessageForStatus(fault.status, model), headers);
}
