import Fastify from 'fastify';
import { jsonBodyParser } from './json-body';

describe('jsonBodyParser', () => {
  const app = Fastify();
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, jsonBodyParser(app.getDefaultJsonParser('error', 'error')));
  app.post('/echo', (request) => ({ body: request.body ?? 'none' }));
  const post = (payload: string) => app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload });

  afterAll(() => app.close());

  it('treats an empty body as no body', async () => {
    const res = await post('');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ body: 'none' });
  });

  it('parses JSON and still refuses malformed or poisoned JSON', async () => {
    expect((await post('{"a":1}')).json()).toEqual({ body: { a: 1 } });
    expect((await post('{"a":')).statusCode).toBe(400);
    expect((await post('{"__proto__":{"x":1}}')).statusCode).toBe(400);
  });
});
