import { mockProviderFixture, postJson } from '../../test-support/harness';

const mock = mockProviderFixture();
beforeAll(() => mock.start());
afterAll(() => mock.stop());

const KEY = { 'x-goog-api-key': 'AIza-test' };
const predict = (model: string) => `${mock.url}/d/imagen/v1beta/models/${model}:predict`;
const PNG_SIGNATURE = '89504e470d0a1a0a';

interface Predictions {
  predictions?: { bytesBase64Encoded?: string; mimeType?: string; raiFilteredReason?: string }[];
}
interface RpcErrorBody {
  error: { code: number; message: string; status: string };
}

describe('Gemini Imagen predict', () => {
  it('answers sampleCount base64 PNGs, four when the count is left out', async () => {
    const res = await postJson(
      predict('imagen-4.0-generate-001'),
      { instances: [{ prompt: 'a red fox' }], parameters: { sampleCount: 2, aspectRatio: '16:9', sampleImageSize: '2K' } },
      KEY,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as Predictions;
    expect(body.predictions).toHaveLength(2);
    expect(body.predictions![0]!.mimeType).toBe('image/png');
    expect(Buffer.from(body.predictions![0]!.bytesBase64Encoded!, 'base64').subarray(0, 8).toString('hex')).toBe(PNG_SIGNATURE);
    const four = (await (
      await postJson(predict('imagen-3.0-generate-002'), { instances: [{ prompt: 'boats' }] }, KEY)
    ).json()) as Predictions;
    expect(four.predictions).toHaveLength(4);
  });

  it("refuses what Imagen refuses with Google's error body", async () => {
    const refused = async (model: string, body: unknown) => {
      const res = await postJson(predict(model), body, KEY);
      return [res.status, ((await res.json()) as RpcErrorBody).error.status];
    };
    const ok = { instances: [{ prompt: 'x' }] };
    expect(await refused('imagen-4.0-generate-001', { ...ok, parameters: { sampleCount: 5 } })).toEqual([400, 'INVALID_ARGUMENT']);
    expect(await refused('imagen-4.0-generate-001', { ...ok, parameters: { aspectRatio: '3:2' } })).toEqual([400, 'INVALID_ARGUMENT']);
    expect(await refused('imagen-4.0-fast-generate-001', { ...ok, parameters: { sampleImageSize: '2K' } })).toEqual([
      400,
      'INVALID_ARGUMENT',
    ]);
    expect(await refused('imagen-4.0-generate-001', { ...ok, parameters: { personGeneration: 'everyone' } })).toEqual([
      400,
      'INVALID_ARGUMENT',
    ]);
    expect(await refused('imagen-4.0-generate-001', { instances: [] })).toEqual([400, 'INVALID_ARGUMENT']);
    expect(await refused('gemini-2.5-flash', ok)).toEqual([404, 'NOT_FOUND']);
    expect((await postJson(predict('imagen-4.0-generate-001'), ok, {})).status).toBe(403);
  });

  it('filters every image on a content-filter marker, blocks a filtered prompt, and injects faults like any route', async () => {
    const url = predict('imagen-4.0-generate-001');
    const explained = (await (
      await postJson(
        url,
        { instances: [{ prompt: 'x [[mock:content_filter]]' }], parameters: { sampleCount: 2, includeRaiReason: true } },
        KEY,
      )
    ).json()) as Predictions;
    expect(explained.predictions).toHaveLength(2);
    expect(explained.predictions!.every((p) => p.raiFilteredReason && !p.bytesBase64Encoded)).toBe(true);
    const silent = await postJson(url, { instances: [{ prompt: 'x [[mock:content_filter]]' }] }, KEY);
    expect(await silent.json()).toEqual({});
    const blocked = await postJson(url, { instances: [{ prompt: 'x [[mock:prompt_filter]]' }] }, KEY);
    expect(blocked.status).toBe(400);
    expect(((await blocked.json()) as RpcErrorBody).error.message).toContain('prompt could not be submitted');
    const limited = await postJson(url, { instances: [{ prompt: 'x' }] }, { ...KEY, 'x-mock-status': '429' });
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as RpcErrorBody).error.status).toBe('RESOURCE_EXHAUSTED');
  });
});
