import { ApiError } from '@switchyard/api-errors';
import type { AdminRoute } from './admin-route';

/** The query flags of a destructive call. */
export interface CallFlags {
  /** Validate, authorize and describe what would change; write nothing. */
  readonly dryRun: boolean;
  /** Delete even though other entities still name the entity (they are left as they are). */
  readonly force: boolean;
}

/** DELETEs and the routes marked destructive (suspend, revoke, rotate, retention) accept dry_run. */
export function acceptsDryRun(route: Pick<AdminRoute, 'method' | 'destructive'>): boolean {
  return route.method === 'DELETE' || route.destructive === true;
}

/** Routes that refuse to delete what is still referenced (409) accept force. */
export function acceptsForce(route: Pick<AdminRoute, 'conflicts'>): boolean {
  return route.conflicts !== undefined;
}

/**
 * Reads dry_run and force from the (already de-duplicated) query string.
 * A destructive route refuses any parameter it does not know, so a typo such
 * as `dryrun=true` can never turn into a real delete; every route refuses
 * dry_run and force where they mean nothing, for the same reason.
 */
export function readCallFlags(route: AdminRoute, query: Readonly<Record<string, string | undefined>>): CallFlags {
  const accepted = new Set([...(acceptsDryRun(route) ? ['dry_run'] : []), ...(acceptsForce(route) ? ['force'] : [])]);
  for (const name of Object.keys(query)) {
    if (accepted.has(name)) continue;
    if (name === 'dry_run' || name === 'force' || acceptsDryRun(route)) {
      const supported = accepted.size > 0 ? ` (supported: ${[...accepted].join(', ')})` : '';
      throw ApiError.invalidRequest(
        `The query parameter '${name}' is not supported by ${route.method} /admin/v1${route.path}${supported}.`,
        name,
        'unknown_parameter',
      );
    }
  }
  return { dryRun: strictBoolean(query, 'dry_run'), force: strictBoolean(query, 'force') };
}

function strictBoolean(query: Readonly<Record<string, string | undefined>>, name: string): boolean {
  const value = query[name];
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw ApiError.invalidRequest(`Invalid '${name}': must be true or false.`, name, 'invalid_value');
}
