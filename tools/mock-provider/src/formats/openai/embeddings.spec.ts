import { mockProviderFixture, postJson } from '../../test-support/harness';

const AUTH = { authorization: 'Bearer sk-test' };
const mock = mockProviderFixture();
beforeAll(() => mock.start());
afterAll(() => mock.stop());

describe('OpenAI embeddings and models', () => {
  interface EmbeddingList {
    object: string;
    data: { object: string; index: number; embedding: number[] | string }[];
    model: string;
    usage: { prompt_tokens: number; total_tokens: number };
  }

  it('returns deterministic unit vectors of the requested dimensions', async () => {
    const res = await postJson(
      `${mock.url}/v1/embeddings`,
      { model: 'text-embedding-3-small', input: ['hello', 'world'], dimensions: 8 },
      AUTH,
    );
    const json = (await res.json()) as EmbeddingList;
    expect(json.object).toBe('list');
    expect(json.model).toBe('text-embedding-3-small');
    expect(json.data.map((d) => [d.object, d.index])).toEqual([
      ['embedding', 0],
      ['embedding', 1],
    ]);
    const [a, b] = json.data.map((d) => d.embedding as number[]);
    expect(a).toHaveLength(8);
    expect(Math.sqrt((a ?? []).reduce((s, v) => s + v * v, 0))).toBeCloseTo(1, 5);
    expect(a).not.toEqual(b);
    expect(json.usage.prompt_tokens).toBe(2);
    expect(json.usage.total_tokens).toBe(2);

    const again = (await (
      await postJson(`${mock.url}/v1/embeddings`, { model: 'text-embedding-3-small', input: 'hello', dimensions: 8 }, AUTH)
    ).json()) as EmbeddingList;
    expect(again.data[0]?.embedding).toEqual(a);
  });

  it('uses the model default size and encodes base64 as little-endian float32', async () => {
    const floats = (await (
      await postJson(`${mock.url}/v1/embeddings`, { model: 'text-embedding-3-large', input: 'abc' }, AUTH)
    ).json()) as EmbeddingList;
    expect(floats.data[0]?.embedding).toHaveLength(3072);
    const b64 = (await (
      await postJson(`${mock.url}/v1/embeddings`, { model: 'text-embedding-3-large', input: 'abc', encoding_format: 'base64' }, AUTH)
    ).json()) as EmbeddingList;
    const buf = Buffer.from(b64.data[0]?.embedding as string, 'base64');
    const decoded = Array.from(new Float32Array(buf.buffer, buf.byteOffset, buf.length / 4));
    expect(decoded).toEqual(floats.data[0]?.embedding);
  });

  it('lists and retrieves models', async () => {
    const list = (await (await fetch(`${mock.url}/v1/models`, { headers: AUTH })).json()) as {
      object: string;
      data: { id: string; object: string; owned_by: string }[];
    };
    expect(list.object).toBe('list');
    expect(list.data.map((m) => m.id)).toContain('gpt-4o');
    expect(list.data[0]).toEqual({ id: expect.any(String), object: 'model', created: expect.any(Number), owned_by: 'system' });
    const one = await fetch(`${mock.url}/v1/models/gpt-4o`, { headers: AUTH });
    expect(((await one.json()) as { id: string }).id).toBe('gpt-4o');
    expect((await fetch(`${mock.url}/v1/models/nope`, { headers: AUTH })).status).toBe(404);
    expect((await fetch(`${mock.url}/v1/models`)).status).toBe(401);
  });
});
