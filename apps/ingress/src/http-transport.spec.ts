import type { FastifyRequest } from 'fastify';
import { httpInbound, requestedModel } from './http-transport';

function request(headers: Record<string, string | string[]>, id = 'req_1', body: unknown = {}): FastifyRequest {
  return { id, headers, body } as unknown as FastifyRequest;
}

describe('httpInbound', () => {
  it('takes the OpenAI surface credential from Authorization and carries the request id', () => {
    const { admission } = httpInbound(request({ authorization: 'Bearer sy_key' }, 'req_42'), 'openai');
    expect(admission).toMatchObject({ credential: 'Bearer sy_key', requestId: 'req_42', apiSurface: 'openai', endUser: '' });
  });

  it('takes the Anthropic surface credential from x-api-key, and from Authorization when there is none', () => {
    expect(httpInbound(request({ 'x-api-key': 'sy_key', authorization: 'Bearer other' }), 'anthropic').admission.credential).toBe('sy_key');
    expect(httpInbound(request({ authorization: 'Bearer sy_key' }), 'anthropic').admission.credential).toBe('Bearer sy_key');
  });

  it('ignores x-api-key on the OpenAI surface', () => {
    expect(httpInbound(request({ 'x-api-key': 'sy_key' }), 'openai').admission.credential).toBeUndefined();
  });

  it('takes the first x-switchyard-feature header when it is repeated', () => {
    const headers = { authorization: 'Bearer sy_key', 'x-switchyard-feature': ['search', 'chat'] };
    expect(httpInbound(request(headers), 'openai').admission.feature).toBe('search');
  });

  it('reads Content-Length, and counts 0 when it is missing or not a number', () => {
    expect(httpInbound(request({ 'content-length': '1234' }), 'openai').bodyBytes).toBe(1234);
    expect(httpInbound(request({}), 'openai').bodyBytes).toBe(0);
    expect(httpInbound(request({ 'content-length': 'lots' }), 'openai').bodyBytes).toBe(0);
  });
});

describe('requestedModel', () => {
  it('is the body’s model when it is a string, else empty', () => {
    expect(requestedModel({ model: 'gpt-4o-mini' })).toBe('gpt-4o-mini');
    expect(requestedModel({ model: 4 })).toBe('');
    expect(requestedModel(null)).toBe('');
  });
});
