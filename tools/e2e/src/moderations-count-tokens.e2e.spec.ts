import { Capabilities } from '@switchyard/contracts';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { MOCK_AWS_SECRET } from './conformance/families';
import { TestStack } from './test-stack';

interface UsageRow {
  endpoint: string;
  deployment_id: string;
  input_tokens: number;
  usage_estimated: number;
  cost_micro_usd: number;
  cost_nano_usd: number;
  status: string;
}

/**
 * Issue 17, items 4, 5 and 7: POST /v1/moderations (OpenAI and Azure OpenAI
 * families), Anthropic's POST /v1/messages/count_tokens (exact through the
 * Anthropic, Gemini and Bedrock counters, estimated by Switchyard's tokenizer
 * elsewhere) and the endpoints /v1/models lists per model, with
 * the official clients unmodified; each call leaves a usage row that costs 0.
 */
describe('moderations and token counting', () => {
  let t: TestStack;
  let openai: OpenAI;
  let anthropic: Anthropic;
  // Serves only this endpoint (every other capability off).
  const moderation = Capabilities.fromPartial({ moderation: true });

  beforeAll(async () => {
    t = await TestStack.start({
      services: ['provider-adapters', 'router', 'ingress', 'metering'],
      mock: { awsSecretAccessKey: MOCK_AWS_SECRET },
    });
    await t.seeder.tenant('ten_mod');
    await t.seeder.credential('cred-mod-openai', 'openai', 'sk-mod-openai');
    await t.seeder.credential('cred-mod-azure', 'azure-openai', 'azure-mod-key');
    await t.seeder.credential('cred-mod-anthropic', 'anthropic', 'sk-ant-mod');
    await t.seeder.deployment({
      id: 'mod-openai',
      model: 'omni-moderation-latest',
      provider: 'openai',
      baseUrl: `${t.mock.url}/d/mod-openai/v1`,
      credentialId: 'cred-mod-openai',
      capabilities: moderation,
    });
    await t.seeder.deployment({
      id: 'mod-azure',
      model: 'azure-moderation',
      provider: 'azure-openai',
      upstreamModel: 'omni-moderation-latest',
      baseUrl: `${t.mock.url}/d/mod-azure`,
      credentialId: 'cred-mod-azure',
      options: { api_version: '2024-10-21' },
      capabilities: moderation,
    });
    await t.seeder.deployment({
      id: 'count-claude',
      model: 'count-claude',
      provider: 'anthropic',
      upstreamModel: 'claude-sonnet-4-5',
      baseUrl: `${t.mock.url}/d/count-claude/v1`,
      credentialId: 'cred-mod-anthropic',
      price: { inputMicroUsd: 3_000_000, outputMicroUsd: 15_000_000 },
    });
    await t.seeder.deployment({
      id: 'count-gpt',
      model: 'count-gpt',
      provider: 'openai',
      upstreamModel: 'gpt-4o-mini',
      baseUrl: `${t.mock.url}/d/count-gpt/v1`,
      credentialId: 'cred-mod-openai',
      price: { inputMicroUsd: 150_000, outputMicroUsd: 600_000 },
    });
    await t.seeder.credential('cred-mod-gemini', 'gemini', 'gemini-mod-key');
    await t.seeder.credential(
      'cred-mod-bedrock',
      'bedrock',
      JSON.stringify({ apiKey: 'AKIDMODBEDROCK', secretAccessKey: MOCK_AWS_SECRET }),
    );
    await t.seeder.deployment({
      id: 'count-gemini',
      model: 'count-gemini',
      provider: 'gemini',
      upstreamModel: 'gemini-2.5-flash',
      baseUrl: `${t.mock.url}/d/count-gemini/v1beta`,
      credentialId: 'cred-mod-gemini',
    });
    await t.seeder.deployment({
      id: 'count-bedrock',
      model: 'count-bedrock',
      provider: 'bedrock',
      upstreamModel: 'anthropic.claude-3-5-haiku-20241022-v1:0',
      baseUrl: `${t.mock.url}/d/count-bedrock`,
      credentialId: 'cred-mod-bedrock',
      options: { aws_region: 'us-east-1' },
    });
    await t.seeder.deployment({
      id: 'embed-small',
      model: 'text-embedding-3-small',
      provider: 'openai',
      baseUrl: `${t.mock.url}/d/embed-small/v1`,
      credentialId: 'cred-mod-openai',
      capabilities: { ...moderation, moderation: false, embeddings: true },
    });
    const key = (await t.seeder.issueKey('ten_mod')).plaintext;
    openai = new OpenAI({ apiKey: key, baseURL: t.baseUrl, maxRetries: 0 });
    anthropic = new Anthropic({ apiKey: key, baseURL: t.stack.service('ingress').url, maxRetries: 0 });
    await t.waitForConfig();
  });

  afterAll(() => t?.stop());

  const usageRows = (endpoint: string, count: number) =>
    t.eventually<UsageRow>(
      `SELECT endpoint, deployment_id, input_tokens, usage_estimated, cost_micro_usd, cost_nano_usd, status
         FROM ${t.id}.usage_events WHERE tenant_id = 'ten_mod' AND endpoint = '${endpoint}' ORDER BY occurred_at_ms`,
      (rows) => rows.length >= count,
    );

  it('moderations.create flags a trigger word, passes a calm text, and writes a free usage row', async () => {
    const { data, response } = await openai.moderations
      .create({ model: 'omni-moderation-latest', input: ['a calm afternoon', 'I will attack you'] })
      .withResponse();
    expect(data.id).toMatch(/^modr-/);
    expect(data.model).toBe('omni-moderation-latest');
    expect(data.results.map((r) => r.flagged)).toEqual([false, true]);
    expect(data.results[1]?.categories.violence).toBe(true);
    expect(data.results[1]?.categories.hate).toBe(false);
    expect(data.results[1]?.category_scores.violence).toBeGreaterThan(0.5);
    expect(data.results[1]?.category_applied_input_types?.violence).toEqual(['text']);
    expect(response.headers.get('x-switchyard-deployment')).toBe('mod-openai');

    const calm = await openai.moderations.create({ input: 'nothing to see here' });
    expect(calm.results).toHaveLength(1);
    expect(calm.results[0]?.flagged).toBe(false);

    const rows = await usageRows('moderations', 2);
    expect(rows[0]).toMatchObject({ deployment_id: 'mod-openai', usage_estimated: 1, cost_micro_usd: 0, cost_nano_usd: 0, status: 'ok' });
    expect(rows[0]!.input_tokens).toBeGreaterThan(0);
  });

  it('moderates a multimodal input on the Azure OpenAI family', async () => {
    const data = await openai.moderations.create({
      model: 'azure-moderation',
      input: [
        { type: 'text', text: 'you idiot' },
        { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
      ],
    });
    expect(data.model).toBe('azure-moderation');
    expect(data.results).toHaveLength(1);
    expect(data.results[0]?.flagged).toBe(true);
    expect(data.results[0]?.categories.harassment).toBe(true);
    expect(data.results[0]?.category_applied_input_types?.violence).toEqual(['text', 'image']);
  });

  it('refuses bad moderation input with OpenAI errors, and a chat model as a moderation model', async () => {
    await expect(openai.moderations.create({ input: 42 as unknown as string })).rejects.toMatchObject({
      status: 400,
      type: 'invalid_request_error',
    });
    await expect(openai.moderations.create({ input: [] })).rejects.toMatchObject({ status: 400 });
    await expect(
      openai.moderations.create({ input: [{ type: 'video', video: 'x' } as unknown as { type: 'text'; text: string }] }),
    ).rejects.toMatchObject({ status: 400, param: 'input[0].type' });
    const notModeration = await openai.moderations.create({ model: 'count-gpt', input: 'hello' }).catch((e: unknown) => e);
    expect(notModeration).toBeInstanceOf(OpenAI.APIError);
    expect((notModeration as InstanceType<typeof OpenAI.APIError>).status).toBeGreaterThanOrEqual(400);
    expect((notModeration as InstanceType<typeof OpenAI.APIError>).status).toBeLessThan(500);
  });

  const prompt = {
    system: 'You are terse.',
    messages: [{ role: 'user' as const, content: 'How many tokens does this prompt take?' }],
    tools: [
      {
        name: 'lookup',
        description: 'Looks a word up',
        input_schema: { type: 'object' as const, properties: { word: { type: 'string' } } },
      },
    ],
  };

  it('countTokens is exact on the Anthropic family: what the message itself bills as input', async () => {
    const { data, response } = await anthropic.messages.countTokens({ model: 'count-claude', ...prompt }).withResponse();
    expect(Object.keys(data)).toEqual(['input_tokens']);
    expect(response.headers.get('x-switchyard-usage-estimated')).toBeNull();
    const message = await anthropic.messages.create({ model: 'count-claude', max_tokens: 16, tool_choice: { type: 'none' }, ...prompt });
    expect(data.input_tokens).toBe(message.usage.input_tokens);

    const rows = await usageRows('messages.count_tokens', 1);
    expect(rows[0]).toMatchObject({
      deployment_id: 'count-claude',
      input_tokens: 0,
      usage_estimated: 0,
      cost_micro_usd: 0,
      cost_nano_usd: 0,
    });
  });

  it('countTokens on a family without a counter is estimated by the tokenizer and says so', async () => {
    const { data, response } = await anthropic.messages
      .countTokens({ model: 'count-gpt', messages: prompt.messages, thinking: { type: 'enabled', budget_tokens: 2048 } })
      .withResponse();
    expect(data.input_tokens).toBeGreaterThan(5);
    expect(response.headers.get('x-switchyard-usage-estimated')).toBe('true');
    expect(response.headers.get('x-switchyard-deployment')).toBe('count-gpt');
    const longer = await anthropic.messages.countTokens({
      model: 'count-gpt',
      messages: [{ role: 'user', content: `${prompt.messages[0]!.content} And a good deal more words than before.` }],
    });
    expect(longer.input_tokens).toBeGreaterThan(data.input_tokens);
    const rows = await usageRows('messages.count_tokens', 3);
    expect(rows.filter((r) => r.deployment_id === 'count-gpt').every((r) => r.usage_estimated === 1 && r.cost_nano_usd === 0)).toBe(true);
  });

  it.each(['count-gemini', 'count-bedrock'])(
    "countTokens is exact on %s through the provider's counter: what the message itself bills as input",
    async (model) => {
      const { data, response } = await anthropic.messages.countTokens({ model, ...prompt }).withResponse();
      expect(response.headers.get('x-switchyard-usage-estimated')).toBeNull();
      expect(response.headers.get('x-switchyard-deployment')).toBe(model);
      const message = await anthropic.messages.create({ model, max_tokens: 16, ...prompt });
      expect(data.input_tokens).toBe(message.usage.input_tokens);
      const rows = await t.eventually<UsageRow>(
        `SELECT endpoint, deployment_id, input_tokens, usage_estimated, cost_micro_usd, cost_nano_usd, status
           FROM ${t.id}.usage_events WHERE tenant_id = 'ten_mod' AND endpoint = 'messages.count_tokens' AND deployment_id = '${model}'`,
        (r) => r.length > 0,
      );
      expect(rows[0]).toMatchObject({ input_tokens: 0, usage_estimated: 0, cost_nano_usd: 0, status: 'ok' });
    },
  );

  it('lists on /v1/models the endpoints each model serves', async () => {
    const endpoints = (id: string) =>
      openai.models
        .list()
        .then((page) => (page.data.find((m) => m.id === id) as unknown as { endpoints: string[] } | undefined)?.endpoints);
    const chat = await endpoints('count-gpt');
    expect(chat).toEqual(expect.arrayContaining(['/v1/chat/completions', '/v1/messages', '/v1/messages/count_tokens']));
    expect(chat).not.toContain('/v1/embeddings');
    expect(chat).not.toContain('/v1/moderations');
    expect(await endpoints('text-embedding-3-small')).toEqual(['/v1/embeddings']);
    expect(await endpoints('omni-moderation-latest')).toEqual(['/v1/moderations']);
    const retrieved = (await openai.models.retrieve('azure-moderation')) as unknown as { endpoints: string[] };
    expect(retrieved.endpoints).toEqual(['/v1/moderations']);
  });

  it('refuses bad countTokens input with Anthropic errors', async () => {
    const bad = [
      { model: 'count-claude', messages: [] },
      { model: 'count-claude', max_tokens: 10, messages: prompt.messages },
      { model: 'count-claude', messages: [{ role: 'robot', content: 'hi' }] },
      { model: 'count-claude', messages: prompt.messages, thinking: { type: 'maybe' } },
    ];
    for (const body of bad) {
      const error = await anthropic.messages.countTokens(body as unknown as Anthropic.MessageCountTokensParams).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Anthropic.BadRequestError);
      expect((error as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({
        type: 'error',
        error: { type: 'invalid_request_error' },
      });
    }
    const raw = await fetch(`${t.stack.service('ingress').url}/v1/messages/count_tokens`, {
      method: 'POST',
      headers: { 'x-api-key': 'sk-none', 'content-type': 'application/json' },
      body: '{"model": ',
    });
    expect(raw.status).toBeGreaterThanOrEqual(400);
    expect(raw.status).toBeLessThan(500);
    expect(((await raw.json()) as { type: string }).type).toBe('error');
  });
});
