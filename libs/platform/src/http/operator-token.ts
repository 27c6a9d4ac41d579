import { ApiError } from '@switchyard/api-errors';
import { createHash, timingSafeEqual } from 'node:crypto';
import { stringVar } from '../settings/settings-field';

/**
 * The operator token guards every internal HTTP route that is not an ops route
 * (/healthz, /readyz and /metrics stay open for probes and scrapers). Ports bound
 * beyond loopback must never answer tenant data or run jobs for anonymous callers.
 */
export const operatorTokenSettingsSpec = {
  operatorToken: stringVar(
    'OPERATOR_TOKEN',
    "Bearer token of operators: the service's internal HTTP routes (docs/operations.md), any tenant's usage and billing on metering; empty refuses operators",
    {
      default: '',
      secret: true,
    },
  ),
};

/** Throws a 401 unless `authorization` is "Bearer <operatorToken>" (compared in constant time). */
export function requireOperatorToken(authorization: string | undefined, operatorToken: string, what: string): void {
  const header = authorization ?? '';
  const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
  if (!operatorToken || !token || !sameSecret(token, operatorToken)) {
    throw new ApiError(
      401,
      'invalid_request_error',
      'invalid_api_key',
      `${what} need the operator token as "Authorization: Bearer <token>".`,
    );
  }
}

function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}
