import type { FastifyRequest } from 'fastify';

export type RequestLogFields = () => Readonly<Record<string, string>>;

const annotations = new WeakMap<FastifyRequest, RequestLogFields>();

/**
 * Adds a service's own fields (tenant, model, deployment ...) to the one
 * "http request" log line of this request. They are read when the response
 * ends, so a handler can register them before it knows every value. Only ids
 * and names belong here, never secrets or content.
 */
export function annotateRequestLog(request: FastifyRequest, fields: RequestLogFields): void {
  annotations.set(request, fields);
}

export function requestLogFields(request: FastifyRequest): Readonly<Record<string, string>> {
  try {
    return annotations.get(request)?.() ?? {};
  } catch {
    return {};
  }
}
