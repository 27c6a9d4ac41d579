import OpenAI from 'openai';
import { TestStack } from './test-stack';

interface ErrorBody {
  error: { message: string; type: string; code: string | null; param: string | null };
}

describe('bad input to ingress gets OpenAI-style errors', () => {
  let t: TestStack;
  let key: string;

  beforeAll(async () => {
    t = await TestStack.start({ services: ['provider-adapters', 'router', 'ingress'], extraEnv: { INGRESS_MAX_BODY_BYTES: '65536' } });
    key = (await t.tenantWithModel('ten_bad')).plaintext;
  });

  afterAll(() => t?.stop());

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${t.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
      body,
    });

  async function expectError(res: Response, status: number, code: string | null, param?: string | null): Promise<ErrorBody> {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const body = (await res.json()) as ErrorBody;
    expect(Object.keys(body)).toEqual(['error']);
    expect(body.error).toEqual({
      message: expect.any(String),
      type: expect.any(String),
      code,
      param: param === undefined ? expect.anything() : param,
    });
    expect(body.error.message).not.toMatch(/at \w+ \(|\.ts:\d+|node_modules/);
    return body;
  }

  it('invalid JSON -> 400 invalid_json', async () => {
    await expectError(await post('{"model": "gpt-4o-mini", "messages": ['), 400, 'invalid_json', null);
  });

  it('missing model -> 400 naming the parameter', async () => {
    const body = await expectError(
      await post(JSON.stringify({ messages: [{ role: 'user', content: 'x' }] })),
      400,
      'missing_required_parameter',
      'model',
    );
    expect(body.error.message).toBe("Missing required parameter: 'model'.");
  });

  it('wrong types -> 400 invalid_type', async () => {
    await expectError(
      await post(JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 42 }] })),
      400,
      'invalid_type',
      'messages[0].content',
    );
    await expectError(await post(JSON.stringify({ model: 'gpt-4o-mini', messages: 'hi' })), 400, 'invalid_type', 'messages');
  });

  it('unknown API key -> 401, with the SDK raising AuthenticationError', async () => {
    const res = await fetch(`${t.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer sy_test_0000000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }),
    });
    await expectError(res, 401, 'invalid_api_key', null);
    const client = new OpenAI({ apiKey: 'sy_live_nope', baseURL: t.baseUrl, maxRetries: 0 });
    await expect(
      client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it('missing API key -> 401', async () => {
    const res = await fetch(`${t.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    await expectError(res, 401, 'missing_api_key', null);
  });

  it('body over the size limit -> 413', async () => {
    const huge = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x'.repeat(70_000) }] });
    await expectError(await post(huge), 413, 'request_too_large', null);
  });

  it('unknown model -> 404 model_not_found, unknown URL -> 404', async () => {
    await expectError(
      await post(JSON.stringify({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] })),
      404,
      'model_not_found',
      'model',
    );
    await expectError(await fetch(`${t.baseUrl}/nope`, { headers: { authorization: `Bearer ${key}` } }), 404, 'unknown_url', null);
  });
});
