import { ApiError } from '@switchyard/api-errors';
import type { ApiErrorBody } from '@switchyard/api-errors';
import { describeReference } from '../references/config-references';
import type { ConfigReference } from '../references/config-references';

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

/** A 409 that also lists, machine-readably, what still names the entity (error.references). */
export class StillReferencedError extends ApiError {
  constructor(
    message: string,
    readonly references: readonly ConfigReference[],
  ) {
    super(409, 'invalid_request_error', 'still_referenced', message);
  }

  override toBody(): ApiErrorBody {
    const body = super.toBody();
    return { error: { ...body.error, references: this.references } } as ApiErrorBody;
  }
}

/** Deleting something others still reference: 409, naming (some of) them in the message and all of them in `references`. */
export function stillReferenced(what: string, id: string, references: readonly ConfigReference[]): ApiError {
  const names = references.map(describeReference);
  const shown = names.slice(0, 10).join(', ') + (names.length > 10 ? `, and ${names.length - 10} more` : '');
  return new StillReferencedError(
    `The ${what} '${id}' is still used by ${shown}; change or delete them first, or repeat with force=true to delete it anyway.`,
    references,
  );
}

export function forbidden(message: string): ApiError {
  return new ApiError(403, 'permission_error', 'insufficient_permissions', message);
}

export function unavailable(message: string): ApiError {
  return new ApiError(503, 'server_error', 'not_configured', message);
}
