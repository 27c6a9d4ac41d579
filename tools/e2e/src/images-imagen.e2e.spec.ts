import { Capabilities } from '@switchyard/contracts';
import OpenAI from 'openai';
import { TestStack } from './test-stack';

interface UsageRow {
  endpoint: string;
  metered_unit: string;
  metered_quantity: number;
  metered_variant: string;
  cost_micro_usd: number;
  status: string;
}

interface PredictBody {
  instances: { prompt: string }[];
  parameters: Record<string, unknown>;
}

const PNG_SIGNATURE = '89504e470d0a1a0a';

/**
 * Issue 17, item 3: POST /v1/images/generations on the Gemini family, served
 * by Imagen through models/{model}:predict, with the official OpenAI client
 * unmodified. OpenAI's size becomes Imagen's nearest aspect ratio and n its
 * sampleCount; each image is billed at Imagen's per-image list price; what
 * Imagen cannot draw (a size it lacks, more than 4 images, URLs) is OpenAI's
 * 400 before anything is sent or billed.
 */
describe('image generations on Imagen (gemini family)', () => {
  let t: TestStack;
  let openai: OpenAI;
  // Serves only this endpoint (every other capability off).
  const image = Capabilities.fromPartial({ imageGeneration: true });

  beforeAll(async () => {
    t = await TestStack.start({ services: ['provider-adapters', 'router', 'ingress', 'metering'] });
    await t.seeder.tenant('ten_imagen');
    await t.seeder.credential('cred-imagen', 'gemini', 'imagen-key');
    const imagen = (id: string, model: string, upstreamModel: string) =>
      t.seeder.deployment({
        id,
        model,
        provider: 'gemini',
        upstreamModel,
        baseUrl: `${t.mock.url}/d/${id}/v1beta`,
        credentialId: 'cred-imagen',
        capabilities: image,
      });
    await imagen('imagen-4', 'imagen-4.0-generate-001', 'imagen-4.0-generate-001');
    await imagen('imagen-4-fast', 'imagen-fast', 'imagen-4.0-fast-generate-001');
    await imagen('imagen-3', 'imagen-3', 'imagen-3.0-generate-002');
    openai = new OpenAI({ apiKey: (await t.seeder.issueKey('ten_imagen')).plaintext, baseURL: t.baseUrl, maxRetries: 0 });
    await t.waitForConfig();
  });

  afterAll(() => t?.stop());

  const usageRow = async (deploymentId: string) => {
    const rows = await t.eventually<UsageRow>(
      `SELECT endpoint, metered_unit, metered_quantity, metered_variant, cost_micro_usd, status
         FROM ${t.id}.usage_events WHERE tenant_id = 'ten_imagen' AND deployment_id = '${deploymentId}'`,
      (r) => r.length >= 1,
    );
    expect(rows).toHaveLength(1);
    return rows[0]!;
  };
  const predictions = (deployment: string) =>
    t.mock
      .requests(200)
      .filter((r) => r.deployment === deployment)
      .map((r) => ({ path: r.path, body: r.body as PredictBody }));

  it('draws two landscape Imagen 4 images as base64 PNGs at 16:9, billed 2 x 40000 µ$', async () => {
    const { data, response } = await openai.images
      .generate({ model: 'imagen-4.0-generate-001', prompt: 'a lighthouse at dusk', n: 2, size: '1792x1024' })
      .withResponse();
    expect(response.headers.get('x-switchyard-deployment')).toBe('imagen-4');
    expect(data.created).toBeGreaterThan(0);
    expect(data.data).toHaveLength(2);
    for (const drawn of data.data!) {
      expect(drawn.url).toBeUndefined();
      const png = Buffer.from(drawn.b64_json!, 'base64');
      expect(png.subarray(0, 8).toString('hex')).toBe(PNG_SIGNATURE);
      expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
    }
    expect(predictions('imagen-4')).toEqual([
      {
        path: '/d/imagen-4/v1beta/models/imagen-4.0-generate-001:predict',
        body: {
          instances: [{ prompt: 'a lighthouse at dusk' }],
          parameters: { sampleCount: 2, aspectRatio: '16:9', includeRaiReason: true },
        },
      },
    ]);
    expect(await usageRow('imagen-4')).toEqual({
      endpoint: 'images.generations',
      metered_unit: 'image',
      metered_quantity: 2,
      metered_variant: '1792x1024/standard',
      cost_micro_usd: 80_000,
      status: 'ok',
    });
  });

  it('prices Imagen 4 Fast at 20000 µ$ and Imagen 3 at 30000 µ$ an image, square by default', async () => {
    const fast = await openai.images.generate({ model: 'imagen-fast', prompt: 'three paper cranes', n: 3, size: '1024x1536' });
    expect(fast.data).toHaveLength(3);
    expect(predictions('imagen-4-fast')[0]?.body.parameters).toMatchObject({ sampleCount: 3, aspectRatio: '3:4' });
    expect(await usageRow('imagen-4-fast')).toMatchObject({
      metered_quantity: 3,
      metered_variant: '1024x1536/standard',
      cost_micro_usd: 60_000,
    });

    const three = await openai.images.generate({ model: 'imagen-3', prompt: 'a quiet harbour', response_format: 'b64_json' });
    expect(Buffer.from(three.data![0]!.b64_json!, 'base64').subarray(0, 8).toString('hex')).toBe(PNG_SIGNATURE);
    expect(predictions('imagen-3')[0]?.body.parameters).toMatchObject({ sampleCount: 1, aspectRatio: '1:1' });
    expect(await usageRow('imagen-3')).toMatchObject({
      metered_quantity: 1,
      metered_variant: '1024x1024/standard',
      cost_micro_usd: 30_000,
    });
  });

  it('refuses a size Imagen lacks, URLs, 2K on Fast and n>4 with OpenAI 400s, sending and billing none of them', async () => {
    const before = t.mock.requests(1000).length;
    const refusals: [OpenAI.ImageGenerateParamsNonStreaming, string][] = [
      [{ model: 'imagen-4.0-generate-001', prompt: 'too small', size: '512x512' }, 'size'],
      [{ model: 'imagen-fast', prompt: 'too large', size: '2048x2048' as OpenAI.ImageGenerateParams['size'] }, 'size'],
      [{ model: 'imagen-4.0-generate-001', prompt: 'a link please', response_format: 'url' }, 'response_format'],
      [{ model: 'imagen-3', prompt: 'too many', n: 5 }, 'n'],
      [{ model: 'imagen-3', prompt: 'in hd', quality: 'hd' }, 'quality'],
    ];
    for (const [body, param] of refusals) {
      const error = await openai.images.generate(body).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.BadRequestError);
      expect(error).toMatchObject({ status: 400, type: 'invalid_request_error', param });
      expect((error as InstanceType<typeof OpenAI.BadRequestError>).message).toContain(String(body.model));
    }
    expect(t.mock.requests(1000).length).toBe(before);
    // One billed call after the refused ones: once its row is in, none of theirs is.
    await openai.images.generate({
      model: 'imagen-4.0-generate-001',
      prompt: 'the last one',
      size: '2048x2048' as OpenAI.ImageGenerateParams['size'],
    });
    expect(predictions('imagen-4').at(-1)?.body.parameters).toMatchObject({ aspectRatio: '1:1', sampleImageSize: '2K' });
    await t.eventually<UsageRow>(
      `SELECT metered_variant FROM ${t.id}.usage_events WHERE tenant_id = 'ten_imagen' AND metered_variant = '2048x2048/standard'`,
      (r) => r.length === 1,
    );
    const all = await t.query<UsageRow>(
      `SELECT status, cost_micro_usd FROM ${t.id}.usage_events WHERE tenant_id = 'ten_imagen' AND endpoint = 'images.generations'`,
    );
    expect(all.map((r) => r.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
  });

  it("answers OpenAI's content_filter 400 when Imagen's safety filter removes every image, and bills nothing for it", async () => {
    const error = await openai.images
      .generate({ model: 'imagen-3', prompt: 'something unsafe [[mock:content_filter]]', n: 2 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, code: 'content_filter' });
    expect((error as Error).message).toContain('safety filter');
    const rows = await t.eventually<UsageRow>(
      `SELECT status, cost_micro_usd, metered_quantity FROM ${t.id}.usage_events WHERE tenant_id = 'ten_imagen' AND status != 'ok'`,
      (r) => r.length >= 1,
    );
    expect(rows.map((r) => [r.cost_micro_usd, r.metered_quantity])).toEqual([[0, 0]]);
  });
});
