import { ApiError } from '@switchyard/api-errors';

export function notFound(what: string, id: string): ApiError {
  return new ApiError(404, 'invalid_request_error', 'not_found', `No ${what} with id '${id}'.`);
}

export function conflict(message: string): ApiError {
  return new ApiError(409, 'invalid_request_error', 'conflict', message);
}

/** A body field names something that does not exist (or is not the caller's): 422, naming the field and the id. */
export function unknownReference(field: string, what: string, id: string, why = 'does not exist'): ApiError {
  return new ApiError(422, 'invalid_request_error', 'unknown_reference', `Invalid '${field}': the ${what} '${id}' ${why}.`, field);
}

/** Deleting something others still reference: 409, naming (some of) them. */
export function stillReferenced(what: string, id: string, referrers: readonly string[]): ApiError {
  const shown = referrers.slice(0, 10).join(', ') + (referrers.length > 10 ? `, and ${referrers.length - 10} more` : '');
  return new ApiError(
    409,
    'invalid_request_error',
    'still_referenced',
    `The ${what} '${id}' is still used by ${shown}; change or delete them first.`,
  );
}

export function forbidden(message: string): ApiError {
  return new ApiError(403, 'permission_error', 'insufficient_permissions', message);
}

export function unavailable(message: string): ApiError {
  return new ApiError(503, 'server_error', 'not_configured', message);
}
