import { EventStreamDecoder, headerString } from '@switchyard/providers';
import { mockProviderFixture, postJson } from '../test-support/harness';
import { parseSse } from '../test-support/sse';

const mock = mockProviderFixture();
beforeAll(() => mock.start());
afterAll(() => mock.stop());

const BLOCKED = 'Tell me something bad [[mock:prompt_filter]]';

describe('[[mock:prompt_filter]]: each provider refuses a blocked prompt its own way', () => {
  it('Azure: 400 content_filter with the ResponsibleAIPolicyViolation inner error', async () => {
    const res = await postJson(
      `${mock.url}/openai/deployments/d/chat/completions?api-version=2024-10-21`,
      { messages: [{ role: 'user', content: BLOCKED }] },
      { 'api-key': 'k' },
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; param: string; innererror: { code: string } } };
    expect(body.error).toMatchObject({ code: 'content_filter', param: 'prompt', innererror: { code: 'ResponsibleAIPolicyViolation' } });
  });

  it('OpenAI and Anthropic have no prompt-level filter and answer normally', async () => {
    const openai = await postJson(
      `${mock.url}/v1/chat/completions`,
      { model: 'gpt-4o', messages: [{ role: 'user', content: BLOCKED }] },
      { authorization: 'Bearer k' },
    );
    expect(openai.status).toBe(200);
    const anthropic = await postJson(
      `${mock.url}/v1/messages`,
      { model: 'claude', max_tokens: 50, messages: [{ role: 'user', content: BLOCKED }] },
      { 'x-api-key': 'k', 'anthropic-version': '2023-06-01' },
    );
    expect(((await anthropic.json()) as { stop_reason: string }).stop_reason).toBe('end_turn');
  });

  it('Gemini: HTTP 200 with promptFeedback.blockReason and no candidates, streamed or not', async () => {
    const body = { contents: [{ role: 'user', parts: [{ text: BLOCKED }] }] };
    const res = await postJson(`${mock.url}/v1beta/models/gemini-2.5-flash:generateContent`, body, { 'x-goog-api-key': 'k' });
    expect(res.status).toBe(200);
    const json = (await res.json()) as {
      candidates?: unknown;
      promptFeedback: { blockReason: string };
      usageMetadata: { promptTokenCount: number };
    };
    expect(json.candidates).toBeUndefined();
    expect(json.promptFeedback.blockReason).toBe('SAFETY');
    expect(json.usageMetadata.promptTokenCount).toBeGreaterThan(0);
    const streamed = await postJson(`${mock.url}/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse`, body, {
      'x-goog-api-key': 'k',
    });
    const events = parseSse(await streamed.text());
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.data)).toMatchObject({ promptFeedback: { blockReason: 'SAFETY' } });
  });

  it('Bedrock: a guardrail intervention (stopReason guardrail_intervened), streamed or not', async () => {
    const model = encodeURIComponent('anthropic.claude-3-5-haiku-20241022-v1:0');
    const body = { messages: [{ role: 'user', content: [{ text: BLOCKED }] }] };
    const res = await postJson(`${mock.url}/model/${model}/converse`, body, { authorization: 'Bearer bedrock-api-key' });
    expect(((await res.json()) as { stopReason: string }).stopReason).toBe('guardrail_intervened');
    const streamed = await postJson(`${mock.url}/model/${model}/converse-stream`, body, { authorization: 'Bearer bedrock-api-key' });
    const decoder = new EventStreamDecoder();
    const frames = decoder.push(Buffer.from(await streamed.arrayBuffer()));
    expect(frames.map((f) => headerString(f, ':event-type'))).toEqual([
      'messageStart',
      'contentBlockDelta',
      'contentBlockStop',
      'messageStop',
      'metadata',
    ]);
    expect(JSON.parse(frames[3]!.payload.toString('utf8'))).toMatchObject({ stopReason: 'guardrail_intervened' });
  });
});
