import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { TestStack } from './test-stack';

/**
 * Issue 18, item 6: a response names the public (catalog) model of the
 * deployment that served it on every surface, streamed or not, whatever the
 * client asked for (an alias here) and whatever the provider calls it; the
 * upstream name is in x-switchyard-upstream-model. Billing lines group by
 * deployment and public model: two deployments sharing one upstream model at
 * different prices are two lines, each with its upstream model as a column.
 */
describe('surface fidelity: the public model in responses and headers, billing per deployment', () => {
  let t: TestStack;
  let key: string;
  let openai: OpenAI;
  let anthropic: Anthropic;
  const month = new Date().toISOString().slice(0, 7);

  beforeAll(async () => {
    t = await TestStack.start({ services: ['provider-adapters', 'router', 'ingress', 'metering'] });
    await t.seeder.tenant('ten_fid');
    await t.seeder.credential('cred-fid-openai', 'openai', 'sk-fid-openai');
    await t.seeder.credential('cred-fid-anthropic', 'anthropic', 'sk-ant-fid');
    const openaiDeployment = (id: string, model: string, inputMicroUsd: number) =>
      t.seeder.deployment({
        id,
        model,
        provider: 'openai',
        upstreamModel: 'gpt-4o-mini',
        baseUrl: `${t.mock.url}/d/${id}/v1`,
        credentialId: 'cred-fid-openai',
        price: { inputMicroUsd, outputMicroUsd: inputMicroUsd * 4 },
      });
    await openaiDeployment('fid-std', 'assistant-standard', 150_000);
    await openaiDeployment('fid-pro', 'assistant-pro', 3_000_000);
    await t.seeder.deployment({
      id: 'fid-claude',
      model: 'assistant-claude',
      provider: 'anthropic',
      upstreamModel: 'claude-sonnet-4-5',
      baseUrl: `${t.mock.url}/d/fid-claude/v1`,
      credentialId: 'cred-fid-anthropic',
      options: { default_max_tokens: '1024' },
    });
    await t.seeder.deployment({
      id: 'fid-embed',
      model: 'assistant-embed',
      provider: 'openai',
      upstreamModel: 'text-embedding-3-small',
      baseUrl: `${t.mock.url}/d/fid-embed/v1`,
      credentialId: 'cred-fid-openai',
      capabilities: { chat: false, streaming: false, vision: false, tools: false, jsonMode: false, embeddings: true },
    });
    await t.seeder.alias('assistant', ['assistant-pro']);
    key = (await t.seeder.issueKey('ten_fid')).plaintext;
    openai = new OpenAI({ apiKey: key, baseURL: t.baseUrl, maxRetries: 0 });
    anthropic = new Anthropic({ apiKey: key, baseURL: t.stack.service('ingress').url, maxRetries: 0 });
    await t.waitForConfig();
  });

  afterAll(() => t?.stop());

  const expectModelHeaders = (headers: Headers, publicModel: string, upstreamModel: string) => {
    expect(headers.get('x-switchyard-model')).toBe(publicModel);
    expect(headers.get('x-switchyard-upstream-model')).toBe(upstreamModel);
  };

  it('chat completions name the public model, not the alias or the upstream name, streamed or not', async () => {
    const { data, response } = await openai.chat.completions
      .create({ model: 'assistant', messages: [{ role: 'user', content: 'Which model are you?' }] })
      .withResponse();
    expect(data.model).toBe('assistant-pro');
    expectModelHeaders(response.headers, 'assistant-pro', 'gpt-4o-mini');
    expect(response.headers.get('x-switchyard-alias')).toBe('assistant');

    const { data: stream, response: streamed } = await openai.chat.completions
      .create({ model: 'assistant', stream: true, messages: [{ role: 'user', content: 'Stream it' }] })
      .withResponse();
    const models = new Set<string>();
    for await (const chunk of stream) models.add(chunk.model);
    expect([...models]).toEqual(['assistant-pro']);
    expectModelHeaders(streamed.headers, 'assistant-pro', 'gpt-4o-mini');
  });

  it('the Anthropic surface names the public model in the message and in message_start', async () => {
    const { data, response } = await anthropic.messages
      .create({ model: 'assistant-claude', max_tokens: 64, messages: [{ role: 'user', content: 'Hello' }] })
      .withResponse();
    expect(data.model).toBe('assistant-claude');
    expectModelHeaders(response.headers, 'assistant-claude', 'claude-sonnet-4-5');
    const final = await anthropic.messages
      .stream({ model: 'assistant-claude', max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] })
      .finalMessage();
    expect(final.model).toBe('assistant-claude');
  });

  it('Responses and embeddings name the public model too', async () => {
    const { data, response } = await openai.responses.create({ model: 'assistant', input: 'Hello responses' }).withResponse();
    expect(data.model).toBe('assistant-pro');
    expectModelHeaders(response.headers, 'assistant-pro', 'gpt-4o-mini');
    const streamed = await openai.responses.stream({ model: 'assistant', input: 'Hello stream' }).finalResponse();
    expect(streamed.model).toBe('assistant-pro');

    const { data: embedded, response: embedResponse } = await openai.embeddings
      .create({ model: 'assistant-embed', input: 'vector me' })
      .withResponse();
    expect(embedded.model).toBe('assistant-embed');
    expectModelHeaders(embedResponse.headers, 'assistant-embed', 'text-embedding-3-small');
  });

  it('bills two deployments of one upstream model as two lines, under their public names and prices', async () => {
    for (const model of ['assistant-standard', 'assistant-standard', 'assistant-pro'])
      await openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'bill me' }] });
    await t.eventually(
      `SELECT sumIf(requests, deployment_id = 'fid-std') AS std, sumIf(requests, deployment_id = 'fid-pro') AS pro
        FROM ${t.id}.usage_by_day WHERE tenant_id = 'ten_fid'`,
      (r: { std: number; pro: number }[]) => (r[0]?.std ?? 0) >= 2 && (r[0]?.pro ?? 0) >= 1,
    );
    const res = await fetch(`${t.stack.service('metering').url}/v1/billing?month=${month}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(res.status).toBe(200);
    const bill = (await res.json()) as {
      lines: { deploymentId: string; model: string; upstreamModel: string; requests: number; costMicroUsd: number }[];
    };
    const line = (deploymentId: string) => bill.lines.find((l) => l.deploymentId === deploymentId);
    // The alias calls above were served by fid-pro too: it has at least the one direct request.
    expect(line('fid-std')).toMatchObject({ model: 'assistant-standard', upstreamModel: 'gpt-4o-mini', requests: 2 });
    expect(line('fid-pro')).toMatchObject({ model: 'assistant-pro', upstreamModel: 'gpt-4o-mini' });
    expect(line('fid-pro')!.requests).toBeGreaterThanOrEqual(1);
    // Per request, the pro deployment costs 20x the standard one: the lines were not merged.
    const perRequest = (l: { costMicroUsd: number; requests: number }) => l.costMicroUsd / l.requests;
    expect(perRequest(line('fid-pro')!)).toBeGreaterThan(perRequest(line('fid-std')!) * 5);

    // The usage API's request rows come from requests.v1, a stream of its own: poll until it has caught up.
    const usageRows = async (): Promise<Record<string, string>[]> => {
      const usage = await fetch(
        `${t.stack.service('metering').url}/v1/usage?group_by=public_model,deployment&from=${Date.now() - 3_600_000}&to=${Date.now() + 60_000}`,
        { headers: { authorization: `Bearer ${key}` } },
      );
      return ((await usage.json()) as { rows: { dimensions: Record<string, string> }[] }).rows.map((r) => r.dimensions);
    };
    let rows = await usageRows();
    for (let deadline = Date.now() + 30_000; !rows.some((d) => d['deployment'] === 'fid-std') && Date.now() < deadline;) {
      await new Promise((r) => setTimeout(r, 250));
      rows = await usageRows();
    }
    expect(rows).toEqual(
      expect.arrayContaining([
        { public_model: 'assistant-standard', deployment: 'fid-std' },
        { public_model: 'assistant-pro', deployment: 'fid-pro' },
      ]),
    );
  });
});
