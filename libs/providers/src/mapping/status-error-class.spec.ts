import { ErrorClass } from '@switchyard/contracts';
import { errorClassOfStatus, NO_HTTP_STATUS } from './status-error-class';
import { FamilyRegistry } from '../provider-registry';

describe('errorClassOfStatus', () => {
  it.each([
    [NO_HTTP_STATUS, ErrorClass.ERROR_CLASS_UPSTREAM_5XX],
    [200, ErrorClass.ERROR_CLASS_INVALID_REQUEST],
    [302, ErrorClass.ERROR_CLASS_INVALID_REQUEST],
    [400, ErrorClass.ERROR_CLASS_INVALID_REQUEST],
    [401, ErrorClass.ERROR_CLASS_AUTH],
    [403, ErrorClass.ERROR_CLASS_PERMISSION_DENIED],
    [404, ErrorClass.ERROR_CLASS_NOT_FOUND],
    [408, ErrorClass.ERROR_CLASS_TIMEOUT],
    [409, ErrorClass.ERROR_CLASS_INVALID_REQUEST],
    [413, ErrorClass.ERROR_CLASS_INVALID_REQUEST],
    [422, ErrorClass.ERROR_CLASS_INVALID_REQUEST],
    [429, ErrorClass.ERROR_CLASS_RATE_LIMITED],
    [500, ErrorClass.ERROR_CLASS_UPSTREAM_5XX],
    [502, ErrorClass.ERROR_CLASS_UPSTREAM_5XX],
    [503, ErrorClass.ERROR_CLASS_UPSTREAM_5XX],
    [504, ErrorClass.ERROR_CLASS_TIMEOUT],
    [529, ErrorClass.ERROR_CLASS_UPSTREAM_5XX],
  ])('HTTP %i is %s', (status, errorClass) => {
    expect(errorClassOfStatus(status)).toBe(errorClass);
  });
});

describe('every family falls back on the one status table', () => {
  const registry = FamilyRegistry.builtIn();
  const statuses = [400, 401, 403, 404, 408, 409, 413, 422, 429, 500, 502, 503, 504, 529];

  it.each(registry.families())('%s: a bare status (no error body) maps as the table says', (family) => {
    const adapter = registry.get(family)!;
    for (const status of statuses) {
      expect([status, adapter.errorResponse(status, {}, Buffer.alloc(0)).errorClass]).toEqual([status, errorClassOfStatus(status)]);
    }
  });
});
