import { mockProviderFixture, postJson } from '../../test-support/harness';
import type { Chunk, Completion } from '../../test-support/openai-shapes';
import { sseJson } from '../../test-support/sse';

const mock = mockProviderFixture();
beforeAll(() => mock.start());
afterAll(() => mock.stop());

describe('Azure OpenAI deployment URLs', () => {
  const azureUrl = (): string => `${mock.url}/openai/deployments/my-gpt4o/chat/completions?api-version=2024-10-21`;

  it('accepts api-key auth, takes the model from the deployment and adds content filter results', async () => {
    const res = await postJson(azureUrl(), { messages: [{ role: 'user', content: 'hello azure' }] }, { 'api-key': 'azure-key' });
    expect(res.status).toBe(200);
    const json = (await res.json()) as Completion;
    expect(json.model).toBe('my-gpt4o');
    expect(json.prompt_filter_results).toBeDefined();
    expect(json.choices[0]?.content_filter_results).toBeDefined();
  });

  it('opens streams with the prompt-filter chunk', async () => {
    const res = await postJson(azureUrl(), { stream: true, messages: [{ role: 'user', content: 'hello azure' }] }, { 'api-key': 'k' });
    const chunks = sseJson<Chunk>(await res.text());
    expect(chunks[0]).toEqual(expect.objectContaining({ choices: [], id: '', object: '', prompt_filter_results: expect.any(Array) }));
    expect(chunks[1]?.choices[0]?.delta.role).toBe('assistant');
  });

  it('answers 401 without api-key and 404 without api-version, in Azure shape', async () => {
    const noKey = await postJson(azureUrl(), { messages: [{ role: 'user', content: 'x' }] });
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toEqual({ error: { code: '401', message: expect.stringContaining('Access denied') } });
    const noVersion = await postJson(
      `${mock.url}/openai/deployments/d/chat/completions`,
      { messages: [{ role: 'user', content: 'x' }] },
      { 'api-key': 'k' },
    );
    expect(noVersion.status).toBe(404);
    expect(await noVersion.json()).toEqual({ error: { code: '404', message: 'Resource not found' } });
  });

  it('uses Azure throttling shape with retry-after and retry-after-ms on 429', async () => {
    const res = await postJson(
      azureUrl(),
      { messages: [{ role: 'user', content: 'x [[mock:status=429,retry_after=3]]' }] },
      { 'api-key': 'k' },
    );
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(res.headers.get('retry-after-ms')).toBe('3000');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('429');
  });
});
