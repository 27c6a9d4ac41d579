import { context, deployment, e, stateWith } from '../../test/fixtures';
import { ModelCatalog } from './model-catalog';

describe('ModelCatalog.listModels', () => {
  const state = stateWith(
    e.deployment(deployment('mini-us')),
    e.deployment(deployment('big-eu', { model: 'gpt-4o', region: 'eu-west' })),
    e.alias({ id: 'chat-default', chain: ['gpt-4o-mini'] }),
    e.alias({ id: 'private', tenantId: 'ten_b', chain: ['gpt-4o-mini'] }),
    e.plan({ id: 'free', allowedModels: ['chat-default', 'policy:cheapest'] }),
    e.credential({ id: 'cred-b', tenantId: 'ten_b', provider: 'openai' }),
    e.deployment(deployment('byo-b', { model: 'byo-model', credentialRef: 'cred:ten_b/cred-b' })),
  );
  const ids = (ctx = context()) => new ModelCatalog(state).listModels(ctx).map((m) => `${m.kind}:${m.id}`);

  it("lists models, the tenant's aliases and the policies", () => {
    expect(ids()).toEqual([
      'alias:chat-default',
      'model:gpt-4o',
      'model:gpt-4o-mini',
      'policy:policy:cheapest',
      'policy:policy:compliant',
      'policy:policy:fastest',
      'policy:policy:reliable',
    ]);
    expect(ids(context({ tenantId: 'ten_b' }))).toContain('alias:private');
  });

  it("shows a BYO deployment's model to its owner only", () => {
    expect(ids(context({ tenantId: 'ten_b' }))).toContain('model:byo-model');
    expect(ids()).not.toContain('model:byo-model');
  });

  it('lists nothing for a plan that does not exist', () => {
    expect(ids(context({ planId: 'no-such-plan' }))).toEqual([]);
  });

  it("within the plan's allow-list and the allowed regions", () => {
    expect(ids(context({ planId: 'free' }))).toEqual(['alias:chat-default', 'policy:policy:cheapest']);
    expect(ids(context({ allowedRegions: ['us-east'] }))).not.toContain('model:gpt-4o');
  });

  it('tells each listing the endpoints its deployments serve: a model, an alias by its chain, a policy by its reach', () => {
    const embed = {
      chat: false,
      streaming: false,
      vision: false,
      tools: false,
      jsonMode: false,
      embeddings: true,
      moderation: false,
      transcription: false,
      imageGeneration: false,
      speech: false,
    };
    const mixed = stateWith(
      e.deployment(deployment('mini-us')),
      e.deployment(deployment('embed-us', { model: 'text-embedding-3-small', capabilities: embed })),
      e.alias({ id: 'embedder', chain: ['embed-us'] }),
      e.alias({ id: 'via-alias', chain: ['embedder', 'gpt-4o-mini'] }),
      e.policy({ id: 'embeds-only', models: ['text-embedding-3-small'] }),
    );
    const endpoints = Object.fromEntries(new ModelCatalog(mixed).listModels(context()).map((m) => [m.id, m.endpoints]));
    const chat = ['/v1/chat/completions', '/v1/responses', '/v1/messages', '/v1/messages/count_tokens'];
    expect(endpoints['gpt-4o-mini']).toEqual(chat);
    expect(endpoints['text-embedding-3-small']).toEqual(['/v1/embeddings']);
    expect(endpoints['embedder']).toEqual(['/v1/embeddings']);
    expect(endpoints['via-alias']).toEqual([...chat, '/v1/embeddings']);
    expect(endpoints['policy:embeds-only']).toEqual(['/v1/embeddings']);
    expect(endpoints['policy:cheapest']).toEqual([...chat, '/v1/embeddings']);
  });
});
