import { ApiError } from '@switchyard/api-errors';

export function notFound(what: string, id: string): ApiError {
  return new ApiError(404, 'invalid_request_error', 'not_found', `No ${what} with id '${id}'.`);
}

export function conflict(message: string): ApiError {
  return new ApiError(409, 'invalid_request_error', 'conflict', message);
}

export function forbidden(message: string): ApiError {
  return new ApiError(403, 'permission_error', 'insufficient_permissions', message);
}

export function unavailable(message: string): ApiError {
  return new ApiError(503, 'server_error', 'not_configured', message);
}
