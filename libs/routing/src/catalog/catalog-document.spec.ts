import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RoutingObjective } from '@switchyard/contracts';
import { parseCatalog } from './catalog-document';

const vars = { MOCK_PROVIDER_URL: 'http://127.0.0.1:18080' };
const minimal = (fields: Record<string, unknown> = {}) => ({
  version: '1',
  deployments: [
    {
      id: 'd1',
      model: 'gpt-4o-mini',
      provider: 'openai',
      region: 'us-east',
      endpoint: '${MOCK_PROVIDER_URL}/d/d1/v1',
      capabilities: ['chat', 'streaming'],
    },
  ],
  ...fields,
});

describe('parseCatalog', () => {
  it('reads the shipped demo catalog', () => {
    const json: unknown = JSON.parse(readFileSync(join(__dirname, '../../../../deploy/catalog/models.json'), 'utf8'));
    const parsed = parseCatalog(json, vars);
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    expect(parsed.document.aliases.map((a) => a.id)).toEqual(expect.arrayContaining(['chat-default', 'summarize']));
    expect(parsed.document.deployments.every((d) => d.baseUrl.startsWith('http://127.0.0.1:18080/d/'))).toBe(true);
  });

  it('fills placeholders, defaults, and list prices from the price table', () => {
    const parsed = parseCatalog(minimal(), vars);
    expect(parsed.ok).toBe(true);
    const d = parsed.ok ? parsed.document.deployments[0]! : undefined;
    expect(d).toMatchObject({
      id: 'd1',
      upstreamModel: 'gpt-4o-mini',
      baseUrl: 'http://127.0.0.1:18080/d/d1/v1',
      enabled: true,
      price: { inputMicroUsd: 150_000, outputMicroUsd: 600_000, cachedInputMicroUsd: 75_000 },
      capabilities: { chat: true, streaming: true, tools: false, embeddings: false },
    });
  });

  it('takes explicit prices, limits and routing entities', () => {
    const parsed = parseCatalog(
      minimal({
        deployments: [
          {
            id: 'd1',
            model: 'm',
            provider: 'openai-compatible',
            region: 'eu',
            endpoint: 'https://x/v1',
            capabilities: ['chat'],
            price: { input: 1, output: 2 },
            rpmLimit: 60,
            tpmLimit: 1000,
            options: { b: '2', a: '1' },
            modelClass: 'chat-small',
          },
        ],
        policies: [{ id: 'p', objective: 'latency', regions: ['eu'], classes: ['chat-small'] }],
        aliases: [{ id: 'a', chain: ['m', 'policy:p'] }],
        experiments: [
          {
            id: 'x',
            alias: 'a',
            arms: [
              { name: 'c', target: 'm', weight: 1 },
              { name: 's', target: 'd1', shadow: true, shadowPercent: 5 },
            ],
          },
        ],
      }),
    );
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    expect(parsed.document.deployments[0]).toMatchObject({ price: { inputMicroUsd: 1, outputMicroUsd: 2 }, rpmLimit: 60, tpmLimit: 1000 });
    expect(Object.keys(parsed.document.deployments[0]!.options)).toEqual(['a', 'b']);
    expect(parsed.document.policies[0]).toMatchObject({ objective: RoutingObjective.ROUTING_OBJECTIVE_LATENCY, classes: ['chat-small'] });
    expect(parsed.document.deployments[0]?.modelClass).toBe('chat-small');
    expect(parsed.document.experiments[0]).toMatchObject({
      aliasId: 'a',
      enabled: true,
      arms: [
        { name: 'c', weight: 1 },
        { name: 's', shadow: true, shadowPercent: 5 },
      ],
    });
  });

  it('reports every problem with where it is, and returns nothing partial', () => {
    const parsed = parseCatalog({
      version: '1',
      deployments: [
        {
          id: 'd1',
          model: 'm',
          provider: 'openai',
          region: 'us',
          endpoint: '${NOPE}/v1',
          capabilities: ['chat', 'telepathy'],
          rpmlimit: 5,
          modelClass: 'Chat Small',
        },
      ],
      policies: [{ id: 'p', objective: 'vibes' }],
      aliases: [
        { id: 'a', chain: 'm' },
        { id: 'a', chain: [] },
      ],
    });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems).toEqual([
      "deployment d1: unknown field 'rpmlimit'",
      "deployment d1: unknown capability 'telepathy' (use chat, streaming, vision, tools, json, embeddings, moderation, transcription, speech, image_generation)",
      "deployment d1: modelClass 'Chat Small' must be 1-64 lowercase letters, digits, '.', '_' or '-'",
      'deployment d1: no price given and none in the price table for openai/m',
      'deployment d1.endpoint: no value for ${NOPE}',
      "policy p: objective 'vibes' must be one of cost, latency, reliability",
      "alias a: 'chain' must be a list of strings",
      "alias id 'a' appears more than once",
    ]);
  });

  it('rejects a catalog that is not an object or lacks a version', () => {
    expect(parseCatalog([])).toEqual({ ok: false, problems: ['catalog must be a JSON object', "catalog: 'version' is required"] });
  });
});
