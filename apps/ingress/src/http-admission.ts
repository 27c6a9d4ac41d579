import { admitRequest, Admission } from '@switchyard/requests';
import type { RequestOutcome } from '@switchyard/requests';
import { annotateRequestLog } from '@switchyard/platform';
import type { FastifyRequest } from 'fastify';
import type { IngressDeps } from './ingress-deps';

export function admitHttp(deps: IngressDeps, req: FastifyRequest, surface: 'openai' | 'anthropic'): Admission {
  const headers = req.headers;
  const credential = surface === 'anthropic' && typeof headers['x-api-key'] === 'string' ? headers['x-api-key'] : headers.authorization;
  const feature = headers['x-switchyard-feature'];
  return admitRequest(deps.config, {
    credential,
    feature: Array.isArray(feature) ? feature[0] : feature,
    requestId: req.id,
    apiSurface: surface,
    endUser: '',
    nowMs: Date.now(),
  });
}

export function bodyBytes(req: FastifyRequest): number {
  return Number(req.headers['content-length'] ?? 0) || 0;
}

/** Tenant, model and deployment on the request's log line (ids and names only, never the key). */
export function logOutcome(req: FastifyRequest, outcome: RequestOutcome): void {
  annotateRequestLog(req, () => ({
    tenantId: outcome.context.tenantId,
    model: outcome.requestedModel,
    deploymentId: outcome.trace.deploymentId,
  }));
}
