import { admitRequest, Admission } from '@switchyard/requests';
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
