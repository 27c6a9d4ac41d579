import { mockProviderFixture, postJson, readUntilClose } from '../../test-support/harness';

const mock = mockProviderFixture();
beforeAll(() => mock.start());
afterAll(() => mock.stop());

interface ChatLine {
  model: string;
  created_at: string;
  message: { role: string; content: string; tool_calls?: { function: { name: string; arguments: Record<string, unknown> } }[] };
  done: boolean;
  done_reason?: string;
  prompt_eval_count?: number;
  eval_count?: number;
  total_duration?: number;
  error?: string;
}

const chat = (content: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  model: 'llama3.2',
  messages: [{ role: 'user', content }],
  ...extra,
});
const url = (path: string): string => `${mock.url}${path}`;
const ndjson = (text: string): ChatLine[] =>
  text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as ChatLine);

describe('Ollama /api/chat', () => {
  it('streams NDJSON by default, ending with a done line whose counts match stream:false', async () => {
    const json = (await (await postJson(url('/api/chat'), chat('hello llama', { stream: false }))).json()) as ChatLine;
    expect(Object.keys(json)).toEqual([
      'model',
      'created_at',
      'message',
      'done_reason',
      'done',
      'total_duration',
      'load_duration',
      'prompt_eval_count',
      'prompt_eval_duration',
      'eval_count',
      'eval_duration',
    ]);
    expect(json.message).toEqual({ role: 'assistant', content: expect.stringMatching(/^Mock reply from llama3\.2: hello/) });
    expect(json.done_reason).toBe('stop');

    const res = await postJson(url('/api/chat'), chat('hello llama'));
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    const raw = await res.text();
    expect(raw.endsWith('}\n')).toBe(true);
    const lines = ndjson(raw);
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.slice(0, -1).every((l) => !l.done && l.done_reason === undefined)).toBe(true);
    const last = lines.at(-1);
    expect(last).toEqual(expect.objectContaining({ done: true, done_reason: 'stop', message: { role: 'assistant', content: '' } }));
    expect(lines.map((l) => l.message.content).join('')).toBe(json.message.content);
    expect(last?.prompt_eval_count).toBe(json.prompt_eval_count);
    expect(last?.eval_count).toBe(json.eval_count);
  });

  it('returns tool_calls with object arguments, images acknowledged, JSON format honoured', async () => {
    const tools = [
      {
        type: 'function',
        function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
      },
    ];
    const called = (await (await postJson(url('/api/chat'), chat('weather?', { stream: false, tools }))).json()) as ChatLine;
    expect(called.message.tool_calls).toEqual([{ function: { name: 'get_weather', arguments: { city: expect.any(String) } } }]);
    const streamed = ndjson(await (await postJson(url('/api/chat'), chat('weather?', { tools }))).text());
    expect(streamed[0]?.message.tool_calls?.[0]?.function.name).toBe('get_weather');
    expect(streamed.at(-1)?.done).toBe(true);

    const img = (await (
      await postJson(url('/api/chat'), {
        model: 'llava',
        stream: false,
        messages: [{ role: 'user', content: 'see', images: ['iVBORw0KGgo='] }],
      })
    ).json()) as ChatLine;
    expect(img.message.content).toContain('(saw 1 image)');
    const formatted = (await (
      await postJson(
        url('/api/chat'),
        chat('json', { stream: false, format: { type: 'object', properties: { a: { type: 'integer' } }, required: ['a'] } }),
      )
    ).json()) as ChatLine;
    expect(JSON.parse(formatted.message.content)).toEqual({ a: expect.any(Number) });
    const capped = (await (await postJson(url('/api/chat'), chat('x', { stream: false, options: { num_predict: 2 } }))).json()) as ChatLine;
    expect(capped.done_reason).toBe('length');
  });

  it('uses {"error": "..."} bodies for validation and injected faults', async () => {
    const noModel = await postJson(url('/api/chat'), { messages: [] });
    expect(noModel.status).toBe(400);
    expect(await noModel.json()).toEqual({ error: 'model is required' });
    const notFound = await postJson(url('/api/chat'), chat('x [[mock:status=404]]'));
    expect(notFound.status).toBe(404);
    expect(await notFound.json()).toEqual({ error: 'model "llama3.2" not found, try pulling it first' });
    const busy = await postJson(url('/api/chat'), chat('x'), { 'x-mock-status': '429', 'x-mock-retry-after': '2' });
    expect(busy.status).toBe(429);
    expect(busy.headers.get('retry-after')).toBe('2');
    expect(((await busy.json()) as { error: string }).error).toMatch(/server busy/);
    const tooLong = await postJson(url('/api/chat'), chat('x [[mock:context_length]]'));
    expect(await tooLong.json()).toEqual({ error: 'the input length exceeds the context length' });
  });

  it('reports an in-stream error line, cuts and holds', async () => {
    const errored = ndjson(await (await postJson(url('/api/chat'), chat('x [[mock:stream_error=500,stream_error_after=2]]'))).text());
    expect(errored.at(-1)).toEqual({ error: 'llama runner process has terminated: exit status 2' });
    expect(errored).toHaveLength(3);

    const cut = await readUntilClose(await postJson(url('/api/chat'), chat('x [[mock:cut=3]]')));
    expect(cut.cleanEnd).toBe(false);
    expect(ndjson(cut.text)).toHaveLength(3);

    const held = await postJson(url('/api/chat'), chat('x'), { 'x-mock-hold-until-release': 'oll-1', 'x-mock-latency-ms': '20' });
    const reader = held.body!.getReader();
    expect(ndjson(new TextDecoder().decode((await reader.read()).value))).toHaveLength(1);
    const next = reader.read();
    expect(await Promise.race([next.then(() => 'data'), new Promise((r) => setTimeout(() => r('held'), 150))])).toBe('held');
    await fetch(url('/_mock/release/oll-1'), { method: 'POST' });
    await next;
    for (let r = await reader.read(); !r.done; r = await reader.read());
  });
});

describe('Ollama /api/embed and /api/tags', () => {
  it('embeds strings and arrays deterministically', async () => {
    const one = (await (await postJson(url('/api/embed'), { model: 'nomic-embed-text', input: 'hi' })).json()) as {
      model: string;
      embeddings: number[][];
      prompt_eval_count: number;
    };
    expect(one.embeddings).toHaveLength(1);
    expect(one.embeddings[0]).toHaveLength(768);
    const many = (await (
      await postJson(url('/api/embed'), { model: 'nomic-embed-text', input: ['hi', 'there'], dimensions: 768 })
    ).json()) as { embeddings: number[][]; prompt_eval_count: number };
    expect(many.embeddings[0]).toEqual(one.embeddings[0]);
    expect(many.prompt_eval_count).toBe(2);
  });

  it('lists local models', async () => {
    const tags = (await (await fetch(url('/api/tags'))).json()) as {
      models: { name: string; model: string; digest: string; details: { format: string } }[];
    };
    const llama = tags.models.find((m) => m.name === 'llama3.2:latest');
    expect(llama).toEqual(expect.objectContaining({ model: 'llama3.2:latest', digest: expect.stringMatching(/^[0-9a-f]{64}$/) }));
    expect(llama?.details.format).toBe('gguf');
  });

  it('is journaled with format ollama under a deployment prefix', async () => {
    await fetch(url('/_mock/requests'), { method: 'DELETE' });
    await (await postJson(url('/d/gpu-box/api/chat'), chat('journal', { stream: false }))).text();
    const { requests } = (await (await fetch(url('/_mock/requests?limit=1'))).json()) as {
      requests: { format: string; deployment: string; body: { model: string } }[];
    };
    expect(requests[0]).toEqual(
      expect.objectContaining({ format: 'ollama', deployment: 'gpu-box', body: expect.objectContaining({ model: 'llama3.2' }) }),
    );
  });
});
