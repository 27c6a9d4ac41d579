import { mockProviderFixture, postJson } from '../../test-support/harness';

const AUTH = { authorization: 'Bearer sk-test' };
const mock = mockProviderFixture();
beforeAll(() => mock.start());
afterAll(() => mock.stop());

interface Images {
  created: number;
  data: { url?: string; b64_json?: string; revised_prompt?: string }[];
  usage?: { input_tokens: number; output_tokens: number };
}

const PNG_SIGNATURE = '89504e470d0a1a0a';

describe('OpenAI and Azure image generations', () => {
  it('answers n base64 PNGs, with dall-e-3 revising the prompt', async () => {
    const res = await postJson(
      `${mock.url}/v1/images/generations`,
      { model: 'dall-e-3', prompt: 'a red fox', response_format: 'b64_json' },
      AUTH,
    );
    expect(res.status).toBe(200);
    const json = (await res.json()) as Images;
    expect(json.data).toHaveLength(1);
    expect(Buffer.from(json.data[0]!.b64_json!, 'base64').subarray(0, 8).toString('hex')).toBe(PNG_SIGNATURE);
    expect(json.data[0]?.revised_prompt).toContain('a red fox');
    expect(json.usage).toBeUndefined();
  });

  it('hands out URLs the mock serves, and reports tokens for gpt-image-1', async () => {
    const two = (await (
      await postJson(`${mock.url}/d/img/v1/images/generations`, { prompt: 'boats', n: 2, size: '512x512' }, AUTH)
    ).json()) as Images;
    expect(two.data).toHaveLength(2);
    expect(two.data[0]?.url).toMatch(/\/d\/img\/images\/[0-9a-f]+\.png$/);
    const file = await fetch(two.data[0]!.url!);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await file.arrayBuffer())
        .subarray(0, 8)
        .toString('hex'),
    ).toBe(PNG_SIGNATURE);
    const gpt = (await (
      await postJson(`${mock.url}/v1/images/generations`, { model: 'gpt-image-1', prompt: 'boats' }, AUTH)
    ).json()) as Images;
    expect(gpt.data[0]?.b64_json).toBeDefined();
    expect(gpt.usage?.output_tokens).toBeGreaterThan(0);
  });

  it('speaks Azure deployment URLs and refuses what OpenAI refuses, with faults like any route', async () => {
    const azure = await postJson(
      `${mock.url}/openai/deployments/dall-e-3/images/generations?api-version=2024-10-21`,
      { prompt: 'a lighthouse', response_format: 'b64_json' },
      { 'api-key': 'az' },
    );
    expect(azure.status).toBe(200);
    const url = `${mock.url}/v1/images/generations`;
    expect((await postJson(url, { model: 'dall-e-3', prompt: 'x', size: '256x256' }, AUTH)).status).toBe(400);
    expect((await postJson(url, { model: 'dall-e-3', prompt: 'x', n: 2 }, AUTH)).status).toBe(400);
    expect((await postJson(url, { model: 'dall-e-2' }, AUTH)).status).toBe(400);
    expect((await postJson(url, { prompt: 'x' }, {})).status).toBe(401);
    expect((await postJson(url, { prompt: 'x' }, { ...AUTH, 'x-mock-status': '503' })).status).toBe(503);
  });
});
