import { mockProviderFixture, postJson, readUntilClose } from '../../test-support/harness';
import { parseSse } from '../../test-support/sse';

const mock = mockProviderFixture();
beforeAll(() => mock.start());
afterAll(() => mock.stop());

const KEY = { 'x-goog-api-key': 'AIza-test' };
const base = (): string => `${mock.url}/v1beta/models/gemini-2.5-flash`;

interface Part {
  text?: string;
  functionCall?: { name: string; args: Record<string, unknown> };
}
interface UsageMetadata {
  promptTokenCount: number;
  candidatesTokenCount?: number;
  totalTokenCount: number;
  cachedContentTokenCount?: number;
  thoughtsTokenCount?: number;
}
interface GenerateResponse {
  candidates: { content?: { parts: Part[]; role: string }; finishReason?: string; index: number; safetyRatings?: unknown[] }[];
  usageMetadata: UsageMetadata;
  modelVersion: string;
  responseId: string;
}
interface RpcErrorBody {
  error: { code: number; message: string; status: string; details?: { '@type': string; retryDelay?: string }[] };
}

const request = (text: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  contents: [{ role: 'user', parts: [{ text }] }],
  ...extra,
});
const weatherTools = [
  {
    functionDeclarations: [
      {
        name: 'get_weather',
        description: 'Weather',
        parameters: { type: 'OBJECT', properties: { city: { type: 'STRING' }, days: { type: 'INTEGER' } }, required: ['city'] },
      },
    ],
  },
];

describe('Gemini generateContent', () => {
  it('returns candidates, usageMetadata, modelVersion and responseId, pretty-printed', async () => {
    const res = await postJson(
      `${base()}:generateContent`,
      request('hello gemini', { systemInstruction: { parts: [{ text: 'be brief' }] } }),
      KEY,
    );
    expect(res.status).toBe(200);
    const raw = await res.text();
    expect(raw.startsWith('{\n  "candidates"')).toBe(true);
    const body = JSON.parse(raw) as GenerateResponse;
    expect(Object.keys(body)).toEqual(['candidates', 'usageMetadata', 'modelVersion', 'responseId']);
    expect(body.candidates[0]).toEqual({
      content: { parts: [{ text: expect.stringMatching(/^Mock reply from gemini-2.5-flash: hello/) }], role: 'model' },
      finishReason: 'STOP',
      index: 0,
    });
    const u = body.usageMetadata;
    expect(u.totalTokenCount).toBe(u.promptTokenCount + (u.candidatesTokenCount ?? 0));
    expect(body.modelVersion).toBe('gemini-2.5-flash');
  });

  it('accepts the key as ?key= and reports cached and thought tokens', async () => {
    const res = await postJson(`${base()}:generateContent?key=AIza-q`, request('x [[mock:cached=3,reasoning=11]]'));
    const u = ((await res.json()) as GenerateResponse).usageMetadata;
    expect(u.cachedContentTokenCount).toBe(3);
    expect(u.thoughtsTokenCount).toBe(11);
    expect(u.totalTokenCount).toBe(u.promptTokenCount + (u.candidatesTokenCount ?? 0) + 11);
  });

  it('calls a declared function and answers functionResponse with text', async () => {
    const body = (await (
      await postJson(`${base()}:generateContent`, request('weather in Lima', { tools: weatherTools }), KEY)
    ).json()) as GenerateResponse;
    const part = body.candidates[0]?.content?.parts[0];
    expect(part?.functionCall).toEqual({ name: 'get_weather', args: { city: expect.any(String) } });
    const follow = {
      tools: weatherTools,
      contents: [
        { role: 'user', parts: [{ text: 'weather in Lima' }] },
        { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Lima' } } }] },
        { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { temp: 20 } } }] },
      ],
    };
    const final = (await (await postJson(`${base()}:generateContent`, follow, KEY)).json()) as GenerateResponse;
    expect(final.candidates[0]?.content?.parts[0]?.text).toBeDefined();
  });

  it('honours responseMimeType/responseSchema and inlineData images', async () => {
    const schema = { type: 'OBJECT', properties: { title: { type: 'STRING' }, score: { type: 'NUMBER' } }, required: ['title', 'score'] };
    const body = (await (
      await postJson(
        `${base()}:generateContent`,
        request('rate it', { generationConfig: { responseMimeType: 'application/json', responseSchema: schema } }),
        KEY,
      )
    ).json()) as GenerateResponse;
    const parsed = JSON.parse(body.candidates[0]?.content?.parts[0]?.text ?? '') as Record<string, unknown>;
    expect(typeof parsed['title']).toBe('string');
    expect(typeof parsed['score']).toBe('number');

    const withImage = {
      contents: [{ role: 'user', parts: [{ text: 'look' }, { inlineData: { mimeType: 'image/jpeg', data: '/9j/4AAQ' } }] }],
    };
    const seen = (await (await postJson(`${base()}:generateContent`, withImage, KEY)).json()) as GenerateResponse;
    expect(seen.candidates[0]?.content?.parts[0]?.text).toContain('(saw 1 image)');
  });

  it('maps max tokens and safety outcomes to finishReason', async () => {
    const capped = (await (
      await postJson(`${base()}:generateContent`, request('x', { generationConfig: { maxOutputTokens: 2 } }), KEY)
    ).json()) as GenerateResponse;
    expect(capped.candidates[0]?.finishReason).toBe('MAX_TOKENS');
    const blocked = (await (
      await postJson(`${base()}:generateContent`, request('x [[mock:content_filter]]'), KEY)
    ).json()) as GenerateResponse;
    expect(blocked.candidates[0]?.finishReason).toBe('SAFETY');
    expect(blocked.candidates[0]?.safetyRatings).toEqual(expect.arrayContaining([expect.objectContaining({ blocked: true })]));
  });

  it('validates with google.rpc error bodies', async () => {
    const noKey = await postJson(`${base()}:generateContent`, request('x'));
    expect(noKey.status).toBe(403);
    expect(((await noKey.json()) as RpcErrorBody).error).toEqual({
      code: 403,
      message: expect.stringContaining('unregistered callers'),
      status: 'PERMISSION_DENIED',
    });
    const noContents = await postJson(`${base()}:generateContent`, {}, KEY);
    expect(noContents.status).toBe(400);
    expect(((await noContents.json()) as RpcErrorBody).error).toEqual({
      code: 400,
      message: expect.stringContaining('contents is not specified'),
      status: 'INVALID_ARGUMENT',
    });
    const badRole = await postJson(`${base()}:generateContent`, { contents: [{ role: 'assistant', parts: [{ text: 'x' }] }] }, KEY);
    expect(((await badRole.json()) as RpcErrorBody).error.message).toBe('Please use a valid role: user, model.');
  });
});

describe('Gemini streamGenerateContent', () => {
  it('alt=sse streams whole responses, last one with finishReason and the JSON-mode usage', async () => {
    const json = (await (await postJson(`${base()}:generateContent`, request('stream the sea'), KEY)).json()) as GenerateResponse;
    const res = await postJson(`${base()}:streamGenerateContent?alt=sse`, request('stream the sea'), KEY);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const raw = await res.text();
    expect(raw).toMatch(/^data: \{"candidates": \[/);
    expect(raw.endsWith('\r\n\r\n')).toBe(true);
    const chunks = parseSse(raw).map((e) => JSON.parse(e.data) as GenerateResponse);
    expect(chunks.length).toBeGreaterThan(3);
    expect(new Set(chunks.map((c) => c.responseId)).size).toBe(1);
    expect(chunks.slice(0, -1).every((c) => c.candidates[0]?.finishReason === undefined)).toBe(true);
    expect(chunks.at(-1)?.candidates[0]?.finishReason).toBe('STOP');
    expect(chunks.at(-1)?.usageMetadata).toEqual(json.usageMetadata);
    expect(chunks.map((c) => c.candidates[0]?.content?.parts[0]?.text ?? '').join('')).toBe(json.candidates[0]?.content?.parts[0]?.text);
  });

  it('without alt=sse streams a JSON array', async () => {
    const res = await postJson(`${base()}:streamGenerateContent`, request('array please'), KEY);
    expect(res.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    const raw = await res.text();
    expect(raw.startsWith('[{')).toBe(true);
    const items = JSON.parse(raw) as GenerateResponse[];
    expect(items.length).toBeGreaterThan(3);
    expect(items.at(-1)?.candidates[0]?.finishReason).toBe('STOP');
  });

  it('streams a function call whole in one chunk', async () => {
    const chunks = parseSse(
      await (await postJson(`${base()}:streamGenerateContent?alt=sse`, request('weather?', { tools: weatherTools }), KEY)).text(),
    );
    expect(chunks).toHaveLength(1);
    const only = JSON.parse(chunks[0]?.data ?? '{}') as GenerateResponse;
    expect(only.candidates[0]?.content?.parts[0]?.functionCall?.name).toBe('get_weather');
  });

  it('supports in-stream errors, cuts and hold/release', async () => {
    const errored = parseSse(
      await (await postJson(`${base()}:streamGenerateContent?alt=sse`, request('x [[mock:stream_error=503]]'), KEY)).text(),
    );
    expect(JSON.parse(errored.at(-1)?.data ?? '{}')).toEqual({
      error: { code: 503, message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' },
    });

    const cut = await readUntilClose(await postJson(`${base()}:streamGenerateContent?alt=sse`, request('x [[mock:cut=1]]'), KEY));
    expect(cut.cleanEnd).toBe(false);
    expect(parseSse(cut.text)).toHaveLength(1);

    const held = await postJson(`${base()}:streamGenerateContent?alt=sse`, request('x [[mock:hold=gem-1]]'), KEY);
    const reader = held.body!.getReader();
    await reader.read();
    const next = reader.read();
    expect(await Promise.race([next.then(() => 'data'), new Promise((r) => setTimeout(() => r('held'), 150))])).toBe('held');
    await fetch(`${mock.url}/_mock/release/gem-1`, { method: 'POST' });
    await next;
    for (let r = await reader.read(); !r.done; r = await reader.read());
  });
});

describe('Gemini faults', () => {
  it('429 is RESOURCE_EXHAUSTED with RetryInfo and retry-after', async () => {
    const res = await postJson(`${base()}:generateContent`, request('x'), { ...KEY, 'x-mock-status': '429', 'x-mock-retry-after': '17' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('17');
    const body = (await res.json()) as RpcErrorBody;
    expect(body.error.status).toBe('RESOURCE_EXHAUSTED');
    expect(body.error.details?.find((d) => d['@type'].endsWith('RetryInfo'))?.retryDelay).toBe('17s');
  });

  it.each([
    [500, 'INTERNAL'],
    [503, 'UNAVAILABLE'],
    [400, 'INVALID_ARGUMENT'],
    [401, 'UNAUTHENTICATED'],
  ])('status %i maps to %s', async (status, name) => {
    const res = await postJson(`${base()}:generateContent`, request(`x [[mock:status=${status}]]`), KEY);
    expect(res.status).toBe(status);
    expect(((await res.json()) as RpcErrorBody).error).toEqual(expect.objectContaining({ code: status, status: name }));
  });

  it('reports an input token overflow', async () => {
    const res = await postJson(`${base()}:generateContent`, request('x [[mock:context_length]]'), KEY);
    expect(((await res.json()) as RpcErrorBody).error.message).toMatch(
      /^The input token count \(\d+\) exceeds the maximum number of tokens allowed \(\d+\)\.$/,
    );
  });

  it('honours latency from a deployment', async () => {
    await fetch(`${mock.url}/_mock/deployments/gem-slow`, { method: 'PUT', body: JSON.stringify({ latencyMs: 150 }) });
    const start = Date.now();
    await (await postJson(`${mock.url}/d/gem-slow/v1beta/models/gemini-2.5-flash:generateContent`, request('x'), KEY)).text();
    expect(Date.now() - start).toBeGreaterThanOrEqual(140);
  });
});

describe('Gemini embeddings, countTokens and models', () => {
  it('embeds one and many contents deterministically', async () => {
    const one = (await (
      await postJson(`${mock.url}/v1beta/models/text-embedding-004:embedContent`, { content: { parts: [{ text: 'hi' }] } }, KEY)
    ).json()) as { embedding: { values: number[] } };
    expect(one.embedding.values).toHaveLength(768);
    const batch = (await (
      await postJson(
        `${mock.url}/v1beta/models/gemini-embedding-001:batchEmbedContents`,
        {
          requests: [
            { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'hi' }] }, outputDimensionality: 768 },
            { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'yo' }] } },
          ],
        },
        KEY,
      )
    ).json()) as { embeddings: { values: number[] }[] };
    expect(batch.embeddings.map((e) => e.values.length)).toEqual([768, 3072]);
    expect(batch.embeddings[0]?.values).toEqual(one.embedding.values);
  });

  it('counts tokens like generateContent does', async () => {
    const gen = (await (await postJson(`${base()}:generateContent`, request('count me'), KEY)).json()) as GenerateResponse;
    const count = (await (await postJson(`${base()}:countTokens`, request('count me'), KEY)).json()) as { totalTokens: number };
    expect(count.totalTokens).toBe(gen.usageMetadata.promptTokenCount);
  });

  it('counts a whole generateContentRequest (with its model), and refuses it beside bare contents', async () => {
    const gen = (await (await postJson(`${base()}:generateContent`, request('count me'), KEY)).json()) as GenerateResponse;
    const wrapped = { generateContentRequest: { model: 'models/gemini-2.5-flash', ...request('count me') } };
    const count = (await (await postJson(`${base()}:countTokens`, wrapped, KEY)).json()) as { totalTokens: number };
    expect(count.totalTokens).toBe(gen.usageMetadata.promptTokenCount);
    const both = await postJson(`${base()}:countTokens`, { ...wrapped, ...request('x') }, KEY);
    expect(both.status).toBe(400);
    const unnamed = await postJson(`${base()}:countTokens`, { generateContentRequest: request('x') }, KEY);
    expect(unnamed.status).toBe(400);
  });

  it('lists models with the models/ prefix', async () => {
    const list = (await (await fetch(`${mock.url}/v1beta/models`, { headers: KEY })).json()) as { models: { name: string }[] };
    expect(list.models.map((m) => m.name)).toContain('models/gemini-2.5-flash');
  });
});
