import { Capabilities } from '@switchyard/contracts';
import OpenAI from 'openai';
import { TestStack } from './test-stack';

interface UsageRow {
  endpoint: string;
  deployment_id: string;
  input_tokens: number;
  output_tokens: number;
  metered_unit: string;
  metered_quantity: number;
  metered_variant: string;
  cost_micro_usd: number;
  status: string;
}

const PNG_SIGNATURE = '89504e470d0a1a0a';

/**
 * Issue 17, item 3: POST /v1/images/generations on the OpenAI and Azure
 * OpenAI families with the official client unmodified; every image is billed
 * at its list price by size and quality, and a request the model cannot
 * draw is refused with OpenAI's 400 before anything is sent or billed.
 */
describe('image generations', () => {
  let t: TestStack;
  let openai: OpenAI;
  let key: string;
  // Serves only this endpoint (every other capability off).
  const image = Capabilities.fromPartial({ imageGeneration: true });

  beforeAll(async () => {
    t = await TestStack.start({ services: ['provider-adapters', 'router', 'ingress', 'metering'] });
    await t.seeder.tenant('ten_img');
    await t.seeder.credential('cred-img-openai', 'openai', 'sk-img-openai');
    await t.seeder.credential('cred-img-azure', 'azure-openai', 'azure-img-key');
    const openaiDeployment = (id: string, model: string) =>
      t.seeder.deployment({
        id,
        model,
        provider: 'openai',
        baseUrl: `${t.mock.url}/d/${id}/v1`,
        credentialId: 'cred-img-openai',
        capabilities: image,
      });
    await openaiDeployment('img-dalle3', 'dall-e-3');
    await openaiDeployment('img-dalle2', 'dall-e-2');
    await openaiDeployment('img-gpt', 'gpt-image-1');
    await t.seeder.deployment({
      id: 'img-azure',
      model: 'azure-dall-e-3',
      provider: 'azure-openai',
      upstreamModel: 'dall-e-3',
      baseUrl: `${t.mock.url}/d/img-azure`,
      credentialId: 'cred-img-azure',
      options: { api_version: '2024-10-21' },
      capabilities: image,
    });
    key = (await t.seeder.issueKey('ten_img')).plaintext;
    openai = new OpenAI({ apiKey: key, baseURL: t.baseUrl, maxRetries: 0 });
    await t.waitForConfig();
  });

  afterAll(() => t?.stop());

  const usageRow = async (deploymentId: string, variant: string) => {
    const rows = await t.eventually<UsageRow>(
      `SELECT endpoint, deployment_id, input_tokens, output_tokens, metered_unit, metered_quantity, metered_variant, cost_micro_usd, status
         FROM ${t.id}.usage_events
        WHERE tenant_id = 'ten_img' AND deployment_id = '${deploymentId}' AND metered_variant = '${variant}'`,
      (r) => r.length >= 1,
    );
    expect(rows).toHaveLength(1);
    return rows[0]!;
  };

  it('draws a dall-e-3 hd portrait as a base64 PNG, billed 120000 µ$ by its list price', async () => {
    const { data, response } = await openai.images
      .generate({ model: 'dall-e-3', prompt: 'a lighthouse at dusk', size: '1024x1792', quality: 'hd', response_format: 'b64_json' })
      .withResponse();
    expect(response.headers.get('x-switchyard-deployment')).toBe('img-dalle3');
    expect(data.created).toBeGreaterThan(0);
    expect(data.data).toHaveLength(1);
    const png = Buffer.from(data.data![0]!.b64_json!, 'base64');
    expect(png.subarray(0, 8).toString('hex')).toBe(PNG_SIGNATURE);
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
    expect(data.data![0]!.revised_prompt).toContain('a lighthouse at dusk');
    expect(await usageRow('img-dalle3', '1024x1792/hd')).toMatchObject({
      endpoint: 'images.generations',
      metered_unit: 'image',
      metered_quantity: 1,
      cost_micro_usd: 120_000,
      status: 'ok',
    });
  });

  it('draws two dall-e-2 images as URLs, billed 2 x 18000 µ$', async () => {
    const data = await openai.images.generate({ model: 'dall-e-2', prompt: 'two sailing boats', n: 2, size: '512x512' });
    expect(data.data).toHaveLength(2);
    const file = await fetch(data.data![1]!.url!);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await file.arrayBuffer())
        .subarray(0, 8)
        .toString('hex'),
    ).toBe(PNG_SIGNATURE);
    expect(await usageRow('img-dalle2', '512x512/standard')).toMatchObject({
      endpoint: 'images.generations',
      metered_unit: 'image',
      metered_quantity: 2,
      cost_micro_usd: 36_000,
    });
  });

  it('draws on the Azure OpenAI family at its deployment URL, at the standard default', async () => {
    const { data, response } = await openai.images
      .generate({ model: 'azure-dall-e-3', prompt: 'a quiet harbour', response_format: 'b64_json' })
      .withResponse();
    expect(response.headers.get('x-switchyard-deployment')).toBe('img-azure');
    expect(Buffer.from(data.data![0]!.b64_json!, 'base64').subarray(0, 8).toString('hex')).toBe(PNG_SIGNATURE);
    expect(await usageRow('img-azure', '1024x1024/standard')).toMatchObject({
      endpoint: 'images.generations',
      metered_quantity: 1,
      cost_micro_usd: 40_000,
    });
  });

  it('prices gpt-image-1 at auto quality as high and keeps the tokens it reports', async () => {
    const data = await openai.images.generate({ model: 'gpt-image-1', prompt: 'a paper crane', size: '1024x1024', quality: 'auto' });
    expect(data.data![0]!.b64_json).toBeDefined();
    expect(data.usage?.output_tokens).toBeGreaterThan(0);
    const row = await usageRow('img-gpt', '1024x1024/high');
    expect(row).toMatchObject({ metered_quantity: 1, cost_micro_usd: 167_000, output_tokens: data.usage!.output_tokens });
    expect(row.input_tokens).toBe(data.usage!.input_tokens);
  });

  it('refuses a size the model lacks, a missing prompt and n>1 on dall-e-3 with OpenAI 400s, and bills none of them', async () => {
    const refusals: [Record<string, unknown>, string][] = [
      [{ model: 'dall-e-3', prompt: 'too small', size: '256x256' }, 'size'],
      [{ model: 'azure-dall-e-3', prompt: 'too wide', size: '1536x1024' }, 'size'],
      [{ model: 'dall-e-3' }, 'prompt'],
      [{ model: 'dall-e-3', prompt: 'twins', n: 2 }, 'n'],
      [{ model: 'dall-e-2', prompt: 'too many', n: 11 }, 'n'],
    ];
    for (const [body, param] of refusals) {
      const error = await openai.images.generate(body as unknown as OpenAI.ImageGenerateParamsNonStreaming).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect(error).toMatchObject({ status: 400, type: 'invalid_request_error', param });
      const raw = await fetch(`${t.baseUrl}/images/generations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(raw.status).toBe(400);
      const json = (await raw.json()) as { error: { message: string; type: string; param: string | null } };
      expect(json.error).toMatchObject({ type: 'invalid_request_error', param });
      expect(json.error.message.length).toBeGreaterThan(0);
    }
    // One call that is billed, after the refused ones: once its row is in, none of theirs is.
    await openai.images.generate({ model: 'dall-e-3', prompt: 'the last one', size: '1792x1024' });
    await usageRow('img-dalle3', '1792x1024/standard');
    const all = await t.query<UsageRow>(
      `SELECT deployment_id, status, metered_variant FROM ${t.id}.usage_events WHERE tenant_id = 'ten_img' AND endpoint = 'images.generations'`,
    );
    expect(all).toHaveLength(5);
    expect(all.every((r) => r.status === 'ok')).toBe(true);
  });
});
