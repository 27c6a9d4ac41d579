import OpenAI from 'openai';
import { mockProviderFixture } from '../../test-support/harness';

const mock = mockProviderFixture();
beforeAll(() => mock.start());
afterAll(() => mock.stop());
const client = (): OpenAI => new OpenAI({ apiKey: 'sk-test', baseURL: `${mock.url}/v1`, maxRetries: 0 });

describe('official openai client against the mock', () => {
  it('creates a chat completion', async () => {
    const completion = await client().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello sdk' }] });
    expect(completion.choices[0]?.message.content).toMatch(/^Mock reply from gpt-4o-mini: hello/);
    expect(completion.usage?.total_tokens).toBeGreaterThan(0);
  });

  it('streams with include_usage and reassembles the same text and usage', async () => {
    const messages = [{ role: 'user' as const, content: 'stream for the sdk' }];
    const plain = await client().chat.completions.create({ model: 'gpt-4o', messages });
    const stream = await client().chat.completions.create({
      model: 'gpt-4o',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(chunks).toBeGreaterThan(3);
    expect(text).toBe(plain.choices[0]?.message.content);
    expect(usage).toEqual(plain.usage);
  });

  it('handles tool calls, streamed and not', async () => {
    const tools: OpenAI.ChatCompletionTool[] = [
      {
        type: 'function',
        function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] } },
      },
    ];
    const messages = [{ role: 'user' as const, content: 'look it up' }];
    const completion = await client().chat.completions.create({ model: 'gpt-4o', messages, tools });
    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(call?.type).toBe('function');
    const fn = call && call.type === 'function' ? call.function : undefined;
    expect(fn?.name).toBe('lookup');
    expect(JSON.parse(fn?.arguments ?? '{}')).toEqual({ q: expect.any(String) });

    const runner = client().chat.completions.stream({ model: 'gpt-4o', messages, tools });
    const final = await runner.finalChatCompletion();
    const streamedCall = final.choices[0]?.message.tool_calls?.[0];
    expect(streamedCall && streamedCall.type === 'function' ? streamedCall.function.arguments : undefined).toBe(fn?.arguments);
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('creates embeddings (the client asks for base64 and decodes it)', async () => {
    const res = await client().embeddings.create({ model: 'text-embedding-3-small', input: ['a', 'b'], dimensions: 16 });
    expect(res.data).toHaveLength(2);
    expect(res.data[0]?.embedding).toHaveLength(16);
    const floats = await client().embeddings.create({
      model: 'text-embedding-3-small',
      input: 'a',
      dimensions: 16,
      encoding_format: 'float',
    });
    expect(Array.from(res.data[0]?.embedding ?? [])).toEqual(floats.data[0]?.embedding);
  });

  it('surfaces an injected 429 as RateLimitError with retry-after', async () => {
    const call = client().chat.completions.create(
      { model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] },
      { headers: { 'x-mock-status': '429', 'x-mock-retry-after': '7' } },
    );
    await expect(call).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    const err = (await call.catch((e: unknown) => e)) as InstanceType<typeof OpenAI.RateLimitError>;
    expect(err.status).toBe(429);
    expect(err.headers?.get('retry-after')).toBe('7');
    expect(err.code).toBe('rate_limit_exceeded');
    expect(err.type).toBe('requests');
  });

  it('surfaces a bad key as AuthenticationError', async () => {
    const bad = new OpenAI({ apiKey: 'sk-x', baseURL: `${mock.url}/v1`, maxRetries: 0 });
    await expect(
      bad.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-mock-status': '401' } }),
    ).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });
});
