import { ErrorClass } from '@switchyard/contracts';
import { decodeAll, summarize } from '../../test-support/fixtures';
import { openAiFamily } from './index';

const sse = (bodies: unknown[]): Buffer => Buffer.from(bodies.map((b) => `data: ${JSON.stringify(b)}\n\n`).join(''));
const role = { id: 'c', choices: [{ index: 0, delta: { role: 'assistant', content: '' } }] };
const text = (content: string) => ({ id: 'c', choices: [{ index: 0, delta: { content } }] });
const lastError = (bodies: unknown[]) => {
  const last = decodeAll(openAiFamily.streamDecoder(), sse(bodies)).at(-1)?.event;
  return last?.$case === 'error' ? last.error : undefined;
};

describe('openai stream errors', () => {
  it('classifies an in-stream error by its type: a server_error is the upstream_5xx class, never an invalid request', () => {
    const error = lastError([
      role,
      text('Hel'),
      { error: { message: 'The server had an error', type: 'server_error', param: null, code: null } },
    ]);
    expect(error).toMatchObject({ errorClass: ErrorClass.ERROR_CLASS_UPSTREAM_5XX, upstreamStatus: 0, providerCode: 'server_error' });
  });

  it.each([
    ['invalid_request_error', null, ErrorClass.ERROR_CLASS_INVALID_REQUEST],
    ['requests', 'rate_limit_exceeded', ErrorClass.ERROR_CLASS_RATE_LIMITED],
    ['insufficient_quota', 'insufficient_quota', ErrorClass.ERROR_CLASS_QUOTA_EXCEEDED],
    ['invalid_request_error', 'context_length_exceeded', ErrorClass.ERROR_CLASS_CONTEXT_LENGTH],
    ['something_new', null, ErrorClass.ERROR_CLASS_UPSTREAM_5XX],
  ])('in-stream type %s (code %s) is %s', (type, code, errorClass) => {
    expect(lastError([role, { error: { message: 'm', type, param: null, code } }])?.errorClass).toBe(errorClass);
  });

  it('an error sent as the first frame is the stream’s only event', () => {
    expect(summarize(decodeAll(openAiFamily.streamDecoder(), sse([{ error: { message: 'down', type: 'server_error' } }])))).toEqual([
      `error:${ErrorClass.ERROR_CLASS_UPSTREAM_5XX}`,
    ]);
  });

  it('an HTTP status still outranks the type (OpenAI labels a bad key invalid_request_error on a 401)', () => {
    const body = Buffer.from('{"error":{"message":"Incorrect API key","type":"invalid_request_error","code":"invalid_api_key"}}');
    expect(openAiFamily.errorResponse(401, {}, body).errorClass).toBe(ErrorClass.ERROR_CLASS_AUTH);
  });
});
