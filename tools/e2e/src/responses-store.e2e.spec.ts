import { PiiMode, TenantStatus } from '@switchyard/contracts';
import { Redis } from 'ioredis';
import OpenAI from 'openai';
import { WEATHER_SCHEMA } from './conformance/check';
import { FAMILY_SETUPS } from './conformance/families';
import type { Family } from './conformance/matrix';
import { TestStack } from './test-stack';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:16379';
// The EU store is another database of the same server: what is asserted is which store a key is in.
const EU_STORE = `${REDIS_URL.replace(/\/\d+$/, '')}/1`;
const TOOLS: OpenAI.Responses.Tool[] = [
  { type: 'function', name: 'get_weather', description: 'Current weather', parameters: WEATHER_SCHEMA, strict: false },
];
const EMAIL = 'ann.lee@example.com';
/** The Response object's `store` field (OpenAI sends it; the SDK's type does not declare it). */
const storeOf = (response: OpenAI.Responses.Response): unknown => (response as unknown as Record<string, unknown>)['store'];

/** Stored responses (store, previous_response_id, retrieve, input_items, delete) in the real Redis, with the official SDK. */
describe('Responses API conversation state', () => {
  let t: TestStack;
  let main: Redis;
  let eu: Redis;
  const clients = new Map<string, OpenAI>();
  const client = (tenant: string): OpenAI => clients.get(tenant)!;
  const keysOf = async (redis: Redis, tenant: string): Promise<string[]> => redis.keys(`${t.id}:resp:${tenant}:*`);

  async function deployment(id: string, family: Family, region = 'us-east'): Promise<void> {
    const setup = FAMILY_SETUPS[family];
    if (setup.secret) await t.seeder.credential(`cred-${id}`, family, setup.secret);
    await t.seeder.deployment({
      id,
      model: id,
      provider: family,
      region,
      upstreamModel: setup.upstreamModel,
      baseUrl: setup.baseUrl(t.mock.url, id),
      credentialId: setup.secret ? `cred-${id}` : undefined,
      options: setup.options,
    });
  }

  beforeAll(async () => {
    t = await TestStack.start({ extraEnv: { RESPONSES_REDIS_REGION_URLS: `eu-west=${EU_STORE}` } });
    main = new Redis(REDIS_URL);
    eu = new Redis(EU_STORE);
    await deployment('conv-openai', 'openai');
    await deployment('conv-anthropic', 'anthropic');
    await deployment('conv-eu', 'openai', 'eu-west');
    await deployment('conv-ap', 'openai', 'ap-south');
    // One public name over two families: the fallback moves the conversation from OpenAI to Anthropic.
    await t.seeder.alias('conv', ['conv-openai', 'conv-anthropic']);
    await t.seeder.tenant('ten_conv');
    await t.seeder.tenant('ten_other');
    await t.seeder.tenant('ten_bad');
    await t.seeder.tenant('ten_eu', { allowedRegions: ['eu-west'] });
    await t.seeder.tenant('ten_ap', { allowedRegions: ['ap-south'] });
    await t.seeder.tenant('ten_pii', { piiPolicy: { mode: PiiMode.PII_MODE_RECORDS, detectors: [], restoreResponses: false } });
    await t.seeder.tenant('ten_short', { rawLogRetentionDays: 3 });
    await t.seeder.tenant('ten_gone');
    for (const tenant of ['ten_conv', 'ten_other', 'ten_bad', 'ten_eu', 'ten_ap', 'ten_pii', 'ten_short', 'ten_gone']) {
      const key = (await t.seeder.issueKey(tenant)).plaintext;
      clients.set(tenant, new OpenAI({ apiKey: key, baseURL: t.baseUrl, maxRetries: 0 }));
    }
    await t.waitForConfig();
  });

  afterAll(async () => {
    main?.disconnect();
    eu?.disconnect();
    await t?.stop();
  });

  it('stores by default: retrieve, input_items and delete answer OpenAI objects; store: false keeps nothing', async () => {
    const openai = client('ten_conv');
    const created = await openai.responses.create({ model: 'conv-openai', instructions: 'Be brief.', input: 'Hello store' });
    expect(storeOf(created)).toBe(true);
    const retrieved = await openai.responses.retrieve(created.id);
    expect(retrieved).toMatchObject({ id: created.id, object: 'response', status: 'completed', instructions: 'Be brief.' });
    expect(retrieved.output_text).toBe(created.output_text);
    const items = await openai.responses.inputItems.list(created.id);
    expect(items.data).toEqual([
      expect.objectContaining({ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hello store' }] }),
    ]);

    const streamed = await openai.responses.stream({ model: 'conv-openai', input: 'Hello stream store' }).finalResponse();
    expect((await openai.responses.retrieve(streamed.id)).output_text).toBe(streamed.output_text);

    await openai.responses.delete(created.id);
    await expect(openai.responses.retrieve(created.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    const unstored = await openai.responses.create({ model: 'conv-openai', input: 'Forget me', store: false });
    expect(storeOf(unstored)).toBe(false);
    await expect(openai.responses.retrieve(unstored.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    expect(await main.exists(`${t.id}:resp:ten_conv:${streamed.id}`)).toBe(1);
  });

  it('continues a function-call conversation by previous_response_id across a fallback to another family', async () => {
    const openai = client('ten_conv');
    const first = await openai.responses.create({ model: 'conv', input: 'Weather in Paris?', tools: TOOLS, tool_choice: 'required' });
    const call = first.output.find((o): o is OpenAI.Responses.ResponseFunctionToolCall => o.type === 'function_call');
    expect(call?.call_id).toMatch(/^call_/);

    t.mock.setDeployment('conv-openai', { failRate: 1, failStatus: 503 });
    try {
      const { data: second, response } = await openai.responses
        .create({
          model: 'conv',
          previous_response_id: first.id,
          input: [{ type: 'function_call_output', call_id: call?.call_id ?? '', output: '{"temp_c": 18}' }],
          tools: TOOLS,
        })
        .withResponse();
      expect(response.headers.get('x-switchyard-deployment')).toBe('conv-anthropic');
      expect(second).toMatchObject({ status: 'completed', previous_response_id: first.id });
      expect(second.output_text).toMatch(/^Mock reply from /);

      // Anthropic received the whole conversation: the question, the tool call and its result.
      const sent = t.mock.requests(50).filter((r) => r.deployment === 'conv-anthropic');
      const body = JSON.stringify(sent[sent.length - 1]?.body);
      expect(body).toContain('Weather in Paris?');
      expect(body).toContain('"type":"tool_use"');
      expect(body).toContain('"type":"tool_result"');
      expect(body).toContain('temp_c');

      const items = await openai.responses.inputItems.list(second.id, { order: 'asc' });
      expect(items.data.map((i) => i.type)).toEqual(['message', 'function_call', 'function_call_output']);
    } finally {
      t.mock.setDeployment('conv-openai', { failRate: 0 });
    }
  });

  it('answers bad input with a 4xx in the OpenAI shape and stores nothing', async () => {
    const openai = client('ten_bad');
    const other = await client('ten_other').responses.create({ model: 'conv-openai', input: 'Mine' });
    const bad: [Record<string, unknown>, number, string | null][] = [
      [{ input: [{ type: 'telepathy', text: 'x' }] }, 400, 'input[0].type'],
      [{ input: [{ type: 'function_call_output', output: '1' }] }, 400, 'input[0].call_id'],
      [{ input: 'x', previous_response_id: 'resp_unknown' }, 404, 'previous_response_id'],
      [{ input: 'x', previous_response_id: other.id }, 404, 'previous_response_id'],
    ];
    for (const [body, status, param] of bad) {
      const res = await fetch(`${t.baseUrl}/responses`, {
        method: 'POST',
        headers: { authorization: `Bearer ${openai.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'conv-openai', ...body }),
      });
      const json = (await res.json()) as { error?: { type?: string; param?: string | null } };
      expect({ status: res.status, param: json.error?.param }).toEqual({ status, param });
      expect(json.error?.type).toBe('invalid_request_error');
    }
    await expect(client('ten_bad').responses.retrieve(other.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(client('ten_bad').responses.delete(other.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    expect(await client('ten_other').responses.retrieve(other.id)).toMatchObject({ id: other.id });
    expect(await keysOf(main, 'ten_bad')).toEqual([]);
  });

  it("keeps an EU-pinned tenant's responses in the EU store, and refuses store: true where no store is", async () => {
    const stored = await client('ten_eu').responses.create({ model: 'conv-eu', input: 'Bonjour' });
    expect(await keysOf(eu, 'ten_eu')).toEqual([`${t.id}:resp:ten_eu:${stored.id}`]);
    expect(await keysOf(main, 'ten_eu')).toEqual([]);
    expect((await client('ten_eu').responses.retrieve(stored.id)).output_text).toBe(stored.output_text);

    const refused = await client('ten_ap')
      .responses.create({ model: 'conv-ap', input: 'Namaste' })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    expect(refused).toMatchObject({ param: 'store', code: 'store_unavailable_in_region' });
    const unstored = await client('ten_ap').responses.create({ model: 'conv-ap', input: 'Namaste', store: false });
    expect(unstored.status).toBe('completed');
    expect([...(await keysOf(main, 'ten_ap')), ...(await keysOf(eu, 'ten_ap'))]).toEqual([]);
  });

  it("stores text under the tenant's PII policy, and for the tenant's retention", async () => {
    const pii = await client('ten_pii').responses.create({ model: 'conv-openai', input: `Write to ${EMAIL}` });
    const raw = await main.get(`${t.id}:resp:ten_pii:${pii.id}`);
    expect(raw).toContain('Write to');
    expect(raw).not.toContain(EMAIL);

    const short = await client('ten_short').responses.create({ model: 'conv-openai', input: 'Short-lived' });
    const ttl = await main.ttl(`${t.id}:resp:ten_short:${short.id}`);
    expect(ttl).toBeGreaterThan(2 * 86_400);
    expect(ttl).toBeLessThanOrEqual(3 * 86_400);
    const [defaultKey] = await keysOf(main, 'ten_conv');
    expect(await main.ttl(defaultKey!)).toBeGreaterThan(29 * 86_400);
  });

  it("erases a deleted tenant's stored responses", async () => {
    const gone = client('ten_gone');
    await gone.responses.create({ model: 'conv-openai', input: 'one' });
    await gone.responses.create({ model: 'conv-openai', input: 'two' });
    expect(await keysOf(main, 'ten_gone')).toHaveLength(2);
    await t.seeder.tenant('ten_gone', { status: TenantStatus.TENANT_STATUS_DELETED });
    await t.waitForConfig();
    const deadline = Date.now() + 10_000;
    while ((await keysOf(main, 'ten_gone')).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await keysOf(main, 'ten_gone')).toEqual([]);
    expect((await keysOf(main, 'ten_conv')).length).toBeGreaterThan(0);
  });

  it('keeps stored responses across an ingress restart', async () => {
    const openai = client('ten_conv');
    const created = await openai.responses.create({ model: 'conv-openai', input: 'Remember me' });
    await t.stack.restart('ingress');
    const next = await openai.responses.create({ model: 'conv-openai', previous_response_id: created.id, input: 'And now?' });
    const items = await openai.responses.inputItems.list(next.id, { order: 'asc' });
    expect(items.data.map((i) => i.type)).toEqual(['message', 'message', 'message']);
  });
});
