import { status } from '@grpc/grpc-js';
import { ApiError } from '@switchyard/api-errors';
import { grpcError } from './grpc-error';

describe('grpcError', () => {
  it.each([
    [400, status.INVALID_ARGUMENT],
    [401, status.UNAUTHENTICATED],
    [403, status.PERMISSION_DENIED],
    [404, status.NOT_FOUND],
    [413, status.INVALID_ARGUMENT],
    [429, status.RESOURCE_EXHAUSTED],
    [500, status.INTERNAL],
    [502, status.UNAVAILABLE],
    [503, status.UNAVAILABLE],
    [504, status.DEADLINE_EXCEEDED],
    [418, status.INTERNAL],
  ])('maps HTTP %i to gRPC %i', (httpStatus, grpcStatus) => {
    expect(grpcError(new ApiError(httpStatus, 'some_error', null, 'm')).code).toBe(grpcStatus);
  });

  it('carries the message, the error type and the code as trailers', () => {
    const error = grpcError(new ApiError(403, 'permission_error', 'tenant_forbidden', 'not yours'));
    expect(error).toMatchObject({ name: 'ApiError', message: 'not yours', details: 'not yours' });
    expect(error.metadata?.get('x-switchyard-error-type')).toEqual(['permission_error']);
    expect(error.metadata?.get('x-switchyard-error-code')).toEqual(['tenant_forbidden']);
  });

  it('sends no code trailer for an error without a code', () => {
    expect(grpcError(new ApiError(400, 'invalid_request_error', null, 'bad')).metadata?.get('x-switchyard-error-code')).toEqual([]);
  });
});
