import { ApiError } from '@switchyard/api-errors';
import { readQueryParams } from './query-params';

describe('readQueryParams', () => {
  it('passes single parameters through', () => {
    expect(readQueryParams({ tenant_id: 'a', month: '2026-11' })).toEqual({ tenant_id: 'a', month: '2026-11' });
    expect(readQueryParams(undefined)).toEqual({});
  });

  it('refuses a repeated parameter with a 400 that names it', () => {
    let thrown: unknown;
    try {
      readQueryParams({ from: '1', tenant_id: ['a', 'b'] });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ApiError);
    expect((thrown as ApiError).status).toBe(400);
    expect((thrown as ApiError).toBody().error).toEqual({
      type: 'invalid_request_error',
      code: 'repeated_parameter',
      param: 'tenant_id',
      message: "The query parameter 'tenant_id' appears more than once; send it once.",
    });
  });
});
