import { ApiError, toApiError } from './api-error';

describe('toApiError', () => {
  it('keeps ApiErrors as they are', () => {
    const e = ApiError.invalidRequest('bad', 'model', 'missing');
    expect(toApiError(e)).toBe(e);
    expect(e.toBody()).toEqual({ error: { message: 'bad', type: 'invalid_request_error', code: 'missing', param: 'model' } });
  });

  it('maps fastify body errors to 4xx OpenAI errors', () => {
    expect(toApiError({ code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 }).status).toBe(413);
    expect(toApiError({ code: 'FST_ERR_CTP_INVALID_JSON_BODY', statusCode: 400 }).toBody().error.code).toBe('invalid_json');
    expect(toApiError(new SyntaxError('Unexpected token')).status).toBe(400);
  });

  it('hides internals of unexpected errors', () => {
    const mapped = toApiError(new Error('connection string postgres://secret'));
    expect(mapped.status).toBe(500);
    expect(JSON.stringify(mapped.toBody())).not.toContain('secret');
  });
});
