import { Metadata, ServerErrorResponse, status } from '@grpc/grpc-js';
import type { ApiError } from '@switchyard/api-errors';

/** HTTP status of an ApiError → gRPC status; anything else is INTERNAL. */
const GRPC_CODES: Readonly<Record<number, status>> = {
  400: status.INVALID_ARGUMENT,
  401: status.UNAUTHENTICATED,
  403: status.PERMISSION_DENIED,
  404: status.NOT_FOUND,
  413: status.INVALID_ARGUMENT,
  429: status.RESOURCE_EXHAUSTED,
  502: status.UNAVAILABLE,
  503: status.UNAVAILABLE,
  504: status.DEADLINE_EXCEEDED,
};

/** An ApiError as a public gRPC error: the status mapped, type and code in trailers so clients can tell errors apart. */
export function grpcError(error: ApiError): ServerErrorResponse {
  const trailer = new Metadata();
  trailer.set('x-switchyard-error-type', error.type);
  if (error.code) trailer.set('x-switchyard-error-code', error.code);
  return {
    name: 'ApiError',
    message: error.message,
    code: GRPC_CODES[error.status] ?? status.INTERNAL,
    details: error.message,
    metadata: trailer,
  };
}
