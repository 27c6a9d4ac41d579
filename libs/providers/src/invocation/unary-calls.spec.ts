import { ChatRequest, ChatRole, DeploymentTarget, ImageRequest, ModerationRequest } from '@switchyard/contracts';
import { anthropicFamily } from '../families/anthropic';
import { azureOpenAiFamily } from '../families/azure-openai';
import { geminiFamily } from '../families/gemini';
import { openAiFamily } from '../families/openai';
import { COUNT_TOKENS_CALL, IMAGE_CALL, MODERATION_CALL } from './unary-calls';

const target = (provider: string, upstreamModel: string, baseUrl: string, options: Record<string, string> = {}) =>
  DeploymentTarget.fromPartial({ provider, upstreamModel, baseUrl, options });
const credential = { apiKey: 'k', extras: {} };
const chat = ChatRequest.fromPartial({
  model: 'm',
  maxTokens: 100,
  temperature: 0.5,
  messages: [
    { role: ChatRole.CHAT_ROLE_SYSTEM, content: [{ part: { $case: 'text', text: 'Be brief.' } }] },
    { role: ChatRole.CHAT_ROLE_USER, content: [{ part: { $case: 'text', text: 'How many tokens is this?' } }] },
  ],
});
const texts = (...t: string[]) =>
  ModerationRequest.fromPartial({ model: 'mod', inputs: t.map((text) => ({ parts: [{ part: { $case: 'text', text } }] })) });

describe('moderation call', () => {
  it("sends OpenAI's input shapes to /moderations and maps results and categories back", () => {
    const t = target('openai', 'omni-moderation-latest', 'https://api.openai.com/v1');
    const one = MODERATION_CALL.request(openAiFamily, t, texts('hi'), credential);
    expect(one.url).toBe('https://api.openai.com/v1/moderations');
    expect(JSON.parse(String(one.body))).toEqual({ model: 'omni-moderation-latest', input: 'hi' });
    expect(JSON.parse(String(MODERATION_CALL.request(openAiFamily, t, texts('a', 'b'), credential).body)).input).toEqual(['a', 'b']);
    const image = ModerationRequest.fromPartial({
      inputs: [{ parts: [{ part: { $case: 'text', text: 'x' } }, { part: { $case: 'imageUrl', imageUrl: 'https://i.test/a.png' } }] }],
    });
    expect(JSON.parse(String(MODERATION_CALL.request(openAiFamily, t, image, credential).body)).input).toEqual([
      { type: 'text', text: 'x' },
      { type: 'image_url', image_url: { url: 'https://i.test/a.png' } },
    ]);
    const wire = {
      id: 'modr-1',
      model: 'omni-moderation-latest',
      results: [
        {
          flagged: true,
          categories: { hate: false, violence: true },
          category_scores: { hate: 0.01, violence: 0.9 },
          category_applied_input_types: { hate: ['text'], violence: ['text'] },
        },
      ],
    };
    const mapped = MODERATION_CALL.response(openAiFamily, 200, {}, Buffer.from(JSON.stringify(wire)));
    expect(mapped.ok && mapped.value.results[0]?.categories.map((c) => [c.name, c.flagged, c.score])).toEqual([
      ['hate', false, 0.01],
      ['violence', true, 0.9],
    ]);
    if (!mapped.ok) throw new Error('not mapped');
    const usage = MODERATION_CALL.settle(texts('hello world'), mapped.value, t);
    expect(usage).toMatchObject({ estimated: true });
    expect(usage.inputTokens).toBeGreaterThan(0);
  });

  it('uses the Azure deployment URL, and refuses families without a moderation API', () => {
    const t = target('azure-openai', 'omni-moderation-latest', 'https://r.openai.azure.com', { api_version: '2024-10-21' });
    expect(MODERATION_CALL.request(azureOpenAiFamily, t, texts('x'), credential).url).toBe(
      'https://r.openai.azure.com/openai/deployments/omni-moderation-latest/moderations?api-version=2024-10-21',
    );
    expect(MODERATION_CALL.refusal(anthropicFamily, texts('x'), t)).toContain('no moderation API');
    expect(MODERATION_CALL.refusal(openAiFamily, texts('x'), t)).toBeUndefined();
  });
});

describe('count tokens call', () => {
  it("sends the prompt, without generation fields, to Anthropic's counter and reads input_tokens", () => {
    expect(COUNT_TOKENS_CALL.local?.(anthropicFamily, chat)).toBeUndefined();
    const sent = COUNT_TOKENS_CALL.request(
      anthropicFamily,
      target('anthropic', 'claude-sonnet-4-5', 'https://a.test/v1'),
      chat,
      credential,
    );
    expect(sent.url).toBe('https://a.test/v1/messages/count_tokens');
    const body = JSON.parse(String(sent.body)) as Record<string, unknown>;
    expect(body).toMatchObject({ model: 'claude-sonnet-4-5', system: 'Be brief.' });
    expect(body).not.toHaveProperty('max_tokens');
    expect(body).not.toHaveProperty('temperature');
    const mapped = COUNT_TOKENS_CALL.response(anthropicFamily, 200, {}, Buffer.from('{"input_tokens":21}'));
    expect(mapped).toEqual({ ok: true, value: { inputTokens: 21, estimated: false } });
  });

  it('counts with the tokenizer where the family has no counter, marked estimated, and records no tokens used', () => {
    expect(COUNT_TOKENS_CALL.local?.(geminiFamily, chat)).toBeUndefined();
    const local = COUNT_TOKENS_CALL.local?.(openAiFamily, chat);
    expect(local?.estimated).toBe(true);
    expect(local?.inputTokens).toBeGreaterThan(5);
    expect(COUNT_TOKENS_CALL.settle(chat, local!, target('openai', 'g', ''))).toMatchObject({
      inputTokens: 0,
      outputTokens: 0,
      estimated: true,
    });
  });
});

describe('image call', () => {
  const image = ImageRequest.fromPartial({
    model: 'pub',
    prompt: 'a fox',
    n: 1,
    size: '1024x1024',
    responseFormat: 'b64_json',
    endUser: 'u1',
  });

  it("sends OpenAI's body to /images/generations and Azure's deployment URL, and meters what came back", () => {
    const t = target('openai', 'dall-e-3', 'https://api.openai.com/v1');
    const sent = IMAGE_CALL.request(openAiFamily, t, image, credential);
    expect(sent.url).toBe('https://api.openai.com/v1/images/generations');
    expect(JSON.parse(String(sent.body))).toEqual({
      model: 'dall-e-3',
      prompt: 'a fox',
      n: 1,
      size: '1024x1024',
      response_format: 'b64_json',
      user: 'u1',
    });
    const azure = target('azure-openai', 'dall-e-3', 'https://r.openai.azure.com', { azure_deployment: 'draw' });
    expect(IMAGE_CALL.request(azureOpenAiFamily, azure, image, credential).url).toBe(
      'https://r.openai.azure.com/openai/deployments/draw/images/generations?api-version=2024-10-21',
    );
    const gpt = JSON.parse(
      String(IMAGE_CALL.request(openAiFamily, target('openai', 'gpt-image-1', 'https://x/v1'), image, credential).body),
    );
    expect(gpt.response_format).toBeUndefined();

    const wire = { created: 7, data: [{ b64_json: 'AA==', revised_prompt: 'a red fox' }], usage: { input_tokens: 5, output_tokens: 272 } };
    const mapped = IMAGE_CALL.response(openAiFamily, 200, {}, Buffer.from(JSON.stringify(wire)));
    if (!mapped.ok) throw new Error('expected an image list');
    expect(mapped.value.data[0]).toEqual({ image: { $case: 'b64Json', b64Json: 'AA==' }, revisedPrompt: 'a red fox' });
    const usage = IMAGE_CALL.settle(image, mapped.value, t);
    expect(usage).toMatchObject({ inputTokens: 5, outputTokens: 272, metered: { quantity: 1, variant: '1024x1024/standard' } });
    expect(mapped.value.model).toBe('dall-e-3');
    expect(IMAGE_CALL.response(openAiFamily, 200, {}, Buffer.from('{}')).ok).toBe(false);
  });

  it('rejects what the model lacks before anything is sent, and is refused by families without images', () => {
    expect(IMAGE_CALL.rejection?.({ ...image, size: '256x256' }, target('openai', 'dall-e-3', 'https://x/v1'))?.param).toBe('size');
    expect(
      IMAGE_CALL.rejection?.({ ...image, responseFormat: 'url' }, target('gemini', 'imagen-3.0-generate-002', 'https://x'))?.param,
    ).toBe('response_format');
    expect(IMAGE_CALL.refusal(anthropicFamily, image, target('anthropic', 'claude', 'https://x'))).toContain('image generation');
    expect(IMAGE_CALL.refusal(openAiFamily, image, target('openai', 'dall-e-3', 'https://x'))).toBeUndefined();
    expect(IMAGE_CALL.refusal(geminiFamily, image, target('gemini', 'imagen-4.0-generate-001', 'https://x'))).toBeUndefined();
  });
});
