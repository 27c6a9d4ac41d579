import { ErrorClass, RoutingObjective } from '@switchyard/contracts';
import { PriceResolver } from '@switchyard/pricing';
import { context, deployment, e, stateWith } from '../../test/fixtures';
import type { DeploymentFigures } from '../health/deployment-health';
import type { PlanResult } from './route-plan';
import { RouteQuery, RouteResolver } from './route-resolver';

const noFigures = (): DeploymentFigures => ({ p95LatencyMs: undefined, errorRate: 0, samples: 0, breaker: 'closed' });
const estimate = { inputTokens: 100, outputTokens: 100 };
const query = (name: string, fields: Partial<RouteQuery> = {}): RouteQuery => ({
  name,
  context: context(),
  needs: ['chat'],
  estimate,
  ...fields,
});
const candidates = (r: PlanResult) => (r.ok ? r.plan.candidates.map((d) => d.id) : r.error.message);
const price = (input: number, output: number) => ({
  price: {
    inputMicroUsd: input,
    outputMicroUsd: output,
    cachedInputMicroUsd: 0,
    cacheWriteMicroUsd: 0,
    audioMinuteMicroUsd: 0,
    millionCharactersMicroUsd: 0,
    imageMicroUsd: 0,
  },
});

// The chat models share a class, so the built-in policies may rank them against each other.
const miniUs = deployment('mini-us', { region: 'us-east', modelClass: 'chat', ...price(150_000, 600_000) });
const miniEu = deployment('mini-eu', { region: 'eu-west', modelClass: 'chat', ...price(150_000, 600_000) });
const bigUs = deployment('big-us', { model: 'gpt-4o', modelClass: 'chat', ...price(2_500_000, 10_000_000) });
const nanoUs = deployment('nano-us', {
  model: 'gpt-4.1-nano',
  modelClass: 'chat',
  ...price(100_000, 400_000),
  capabilities: {
    chat: true,
    streaming: true,
    vision: false,
    tools: false,
    jsonMode: false,
    embeddings: false,
    moderation: false,
    transcription: false,
    imageGeneration: false,
    speech: false,
  },
});
const embed = deployment('embed', {
  model: 'text-embedding-3-small',
  capabilities: {
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
  },
});

function resolver(...extra: Parameters<typeof stateWith>) {
  const state = stateWith(...[miniUs, miniEu, bigUs, nanoUs, embed].map(e.deployment), ...extra);
  return { state, r: new RouteResolver(state, noFigures, 'reliable', new PriceResolver(state)) };
}

describe('RouteResolver', () => {
  it("leaves another tenant's BYO deployment out of models, aliases and policies; its owner gets it", () => {
    const byo = deployment('byo', { model: 'byo-model', modelClass: 'chat', credentialRef: 'cred:ten_owner/cred-a', ...price(1, 1) });
    const { r } = resolver(
      e.credential({ id: 'cred-a', tenantId: 'ten_owner', provider: 'openai' }),
      e.deployment(byo),
      e.alias({ id: 'byo-first', chain: ['byo', 'gpt-4o'] }),
    );
    const owner = context({ tenantId: 'ten_owner' });
    const stranger = context({ tenantId: 'ten_other' });
    expect(candidates(r.resolve(query('byo-model', { context: owner })))).toEqual(['byo']);
    const refused = r.resolve(query('byo-model', { context: stranger }));
    expect(!refused.ok && refused.error.errorClass).toBe(ErrorClass.ERROR_CLASS_NOT_FOUND);
    expect(candidates(r.resolve(query('byo', { context: stranger })))).toMatch(/does not exist/);
    expect(candidates(r.resolve(query('byo-first', { context: stranger })))).toEqual(['big-us']);
    expect(candidates(r.resolve(query('byo-first', { context: owner })))).toEqual(['byo', 'big-us']);
    expect(candidates(r.resolve(query('policy:cheapest', { context: stranger })))).not.toContain('byo');
    expect(candidates(r.resolve(query('policy:cheapest', { context: owner })))[0]).toBe('byo');
  });

  it('refuses every model to a caller whose plan does not exist (fail closed)', () => {
    const { r } = resolver(e.plan({ id: 'pro' }));
    expect(r.refusal('gpt-4o-mini', context({ planId: 'pro' }))).toBeUndefined();
    const refusal = r.refusal('gpt-4o-mini', context({ planId: 'no-such-plan' }));
    expect(refusal?.errorClass).toBe(ErrorClass.ERROR_CLASS_PERMISSION_DENIED);
    expect(refusal?.message).toContain("'no-such-plan'");
    expect(r.refusal('gpt-4o-mini', context({ planId: '' }))).toBeUndefined();
  });

  it('a concrete model: its deployments, ranked by the default policy', () => {
    const { r } = resolver();
    const result = r.resolve(query('gpt-4o-mini'));
    expect(candidates(result)).toEqual(['mini-eu', 'mini-us']);
    expect(result.ok && result.plan.policy).toBe('reliable');
  });

  it('policy:cheapest ranks every eligible chat deployment by expected price', () => {
    const { r } = resolver();
    expect(candidates(r.resolve(query('policy:cheapest')))).toEqual(['nano-us', 'mini-eu', 'mini-us', 'big-us']);
    expect(candidates(r.resolve(query('policy:cheapest', { needs: ['chat', 'tools'] })))).toEqual(['mini-eu', 'mini-us', 'big-us']);
  });

  it('a configured policy narrows the models and regions it may pick', () => {
    const { r } = resolver(e.policy({ id: 'cheap-eu', objective: RoutingObjective.ROUTING_OBJECTIVE_COST, regions: ['eu-west'] }));
    expect(candidates(r.resolve(query('policy:cheap-eu')))).toEqual(['mini-eu']);
    const { r: r2 } = resolver(e.policy({ id: 'cheapest', objective: RoutingObjective.ROUTING_OBJECTIVE_COST, models: ['gpt-4o'] }));
    expect(candidates(r2.resolve(query('policy:cheapest')))).toEqual(['big-us']);
  });

  it('policy:compliant only picks deployments in the allowed regions, and refuses callers without declared regions', () => {
    const { r } = resolver();
    expect(candidates(r.resolve(query('policy:compliant', { context: context({ allowedRegions: ['eu-west'] }) })))).toEqual(['mini-eu']);
    const refused = r.resolve(query('policy:compliant'));
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error.errorClass).toBe(ErrorClass.ERROR_CLASS_PERMISSION_DENIED);
  });

  it('an unknown policy is a clear not-found', () => {
    const { r } = resolver();
    expect(candidates(r.resolve(query('policy:nope')))).toBe("The routing policy 'policy:nope' does not exist.");
  });

  it('an alias walks its chain in order; the alias policy ranks within a step', () => {
    const { r } = resolver(e.alias({ id: 'chat-default', chain: ['gpt-4o-mini', 'big-us'], policy: 'cheapest' }));
    const result = r.resolve(query('chat-default'));
    expect(candidates(result)).toEqual(['mini-eu', 'mini-us', 'big-us']);
    expect(result.ok && [result.plan.alias, result.plan.policy]).toEqual(['chat-default', 'cheapest']);
  });

  it('an alias step may be a policy, and duplicates are tried once', () => {
    const { r } = resolver(e.alias({ id: 'summarize', chain: ['policy:cheapest', 'gpt-4o'] }));
    expect(candidates(r.resolve(query('summarize')))).toEqual(['nano-us', 'mini-eu', 'mini-us', 'big-us']);
  });

  it("a tenant's own alias wins over the platform's", () => {
    const { r } = resolver(e.alias({ id: 'chat', chain: ['gpt-4o'] }), e.alias({ id: 'chat', tenantId: 'ten_a', chain: ['gpt-4o-mini'] }));
    expect(candidates(r.resolve(query('chat')))).toEqual(['mini-eu', 'mini-us']);
    expect(candidates(r.resolve(query('chat', { context: context({ tenantId: 'ten_b' }) })))).toEqual(['big-us']);
  });

  it('an alias that cannot serve the request explains why', () => {
    const { r } = resolver(e.alias({ id: 'eu-only', chain: ['mini-eu'] }));
    const result = r.resolve(query('eu-only', { context: context({ allowedRegions: ['us-east'] }) }));
    expect(!result.ok && result.error.errorClass).toBe(ErrorClass.ERROR_CLASS_PERMISSION_DENIED);
    expect(candidates(result)).toMatch(/^The alias 'eu-only' cannot serve this request: .*allowed regions/);
  });

  it("an experiment puts the caller's arm first, keeps the chain as fallback, and picks shadows", () => {
    const { r } = resolver(
      e.alias({ id: 'summarize', chain: ['gpt-4o-mini'] }),
      e.experiment({
        id: 'x',
        aliasId: 'summarize',
        arms: [
          { name: 'candidate', target: 'gpt-4o', weight: 1, shadow: false, shadowPercent: 0 },
          { name: 'shadow-nano', target: 'gpt-4.1-nano', weight: 0, shadow: true, shadowPercent: 100 },
        ],
      }),
    );
    const result = r.resolve(query('summarize', { needs: ['chat', 'streaming'] }));
    expect(candidates(result)).toEqual(['big-us', 'mini-eu', 'mini-us']);
    expect(result.ok && result.plan.arm).toBe('candidate');
    expect(result.ok && result.plan.shadows.map((s) => [s.arm, s.deployment.id])).toEqual([['shadow-nano', 'nano-us']]);
  });

  it('a disabled experiment does not split', () => {
    const { r } = resolver(
      e.alias({ id: 'summarize', chain: ['gpt-4o-mini'] }),
      e.experiment({
        id: 'x',
        aliasId: 'summarize',
        enabled: false,
        arms: [{ name: 'c', target: 'gpt-4o', weight: 1, shadow: false, shadowPercent: 0 }],
      }),
    );
    const result = r.resolve(query('summarize'));
    expect(result.ok && result.plan.arm).toBe('');
  });

  it('embeddings only go to embedding deployments', () => {
    const { r } = resolver();
    expect(candidates(r.resolve(query('text-embedding-3-small', { needs: ['embeddings'] })))).toEqual(['embed']);
    expect(candidates(r.resolve(query('gpt-4o-mini', { needs: ['embeddings'] })))).toBe(
      "The model 'gpt-4o-mini' does not support embeddings.",
    );
  });

  it("the feature's configured route replaces the request's model", () => {
    const { r } = resolver(
      e.feature({ id: 'support', tenantId: 'ten_a', route: 'policy:cheapest' }),
      e.feature({ id: 'plain', tenantId: 'ten_a', route: '' }),
    );
    expect(r.routeName('gpt-4o', context({ feature: 'support' }))).toBe('policy:cheapest');
    expect(r.routeName('gpt-4o', context({ feature: 'plain' }))).toBe('gpt-4o');
    expect(r.routeName('gpt-4o', context({ feature: 'support', tenantId: 'ten_b' }))).toBe('gpt-4o');
    expect(r.routeName('gpt-4o', context())).toBe('gpt-4o');
  });

  it("refuses, never swaps, a model outside the plan's or the key's allow-list", () => {
    const { r } = resolver(e.plan({ id: 'free', name: 'Free', allowedModels: ['gpt-4o-mini', 'chat-default'] }), e.plan({ id: 'pro' }));
    expect(r.refusal('gpt-4o-mini', context({ planId: 'free' }))).toBeUndefined();
    const refused = r.refusal('gpt-4o', context({ planId: 'free' }));
    expect(refused?.errorClass).toBe(ErrorClass.ERROR_CLASS_PERMISSION_DENIED);
    expect(refused?.message).toBe(
      "The model 'gpt-4o' is not available on your plan 'Free'. Models on your plan: gpt-4o-mini, chat-default.",
    );
    expect(refused?.param).toBe('model');
    expect(r.refusal('gpt-4o', context({ planId: 'pro' }))).toBeUndefined();
    expect(r.refusal('gpt-4o', context({ allowedModels: ['gpt-4o-mini'] }))?.message).toBe(
      "Your API key is not allowed to use the model 'gpt-4o'.",
    );
  });

  it('an unknown model is a not-found', () => {
    const { r } = resolver();
    expect(candidates(r.resolve(query('gpt-9')))).toBe("The model 'gpt-9' does not exist or you do not have access to it.");
  });
});

describe('RouteResolver candidate sets', () => {
  const other = deployment('other', { model: 'other-model', ...price(1, 1) });
  const crossing = (...extra: Parameters<typeof stateWith>) => {
    const state = stateWith(...[miniUs, bigUs, other].map(e.deployment), ...extra);
    return new RouteResolver(state, noFigures, 'reliable', new PriceResolver(state));
  };
  const spans = /'policy:cheapest' would rank models of different classes: 'chat' \(gpt-4o, gpt-4o-mini\), 'other-model' \(other-model\)/;

  it('never ranks across classes, wherever the policy is expanded: as the model, an alias step, an experiment arm', () => {
    const r = crossing(
      e.alias({ id: 'chain', chain: ['policy:cheapest', 'gpt-4o'] }),
      e.alias({ id: 'split', chain: ['gpt-4o'] }),
      e.experiment({
        id: 'x',
        aliasId: 'split',
        arms: [{ name: 'c', target: 'policy:cheapest', weight: 1, shadow: false, shadowPercent: 0 }],
      }),
    );
    const direct = r.resolve(query('policy:cheapest'));
    expect(!direct.ok && direct.error.errorClass).toBe(ErrorClass.ERROR_CLASS_INVALID_REQUEST);
    expect(candidates(direct)).toMatch(spans);
    expect(candidates(r.resolve(query('chain')))).toMatch(/^The alias 'chain' cannot serve this request: .*different classes/);
    expect(candidates(r.resolve(query('split')))).toMatch(/^The alias 'split' cannot serve this request: .*different classes/);
  });

  it("ranks within the caller's allow-lists and records the candidate set", () => {
    const r = crossing(e.plan({ id: 'small', allowedModels: ['gpt-4o-mini', 'policy:cheapest'] }));
    const byKey = r.resolve(query('policy:cheapest', { context: context({ allowedModels: ['other-model', 'policy:cheapest'] }) }));
    expect(byKey.ok && [candidates(byKey), byKey.plan.candidateModels]).toEqual([['other'], ['other-model']]);
    const byPlan = r.resolve(query('policy:cheapest', { context: context({ planId: 'small' }) }));
    expect(byPlan.ok && [candidates(byPlan), byPlan.plan.candidateModels]).toEqual([['mini-us'], ['gpt-4o-mini']]);
  });

  it("a configured policy's classes choose the class; a shared class ranks its models together", () => {
    const r = crossing(e.policy({ id: 'cheap-chat', objective: RoutingObjective.ROUTING_OBJECTIVE_COST, classes: ['chat'] }));
    const result = r.resolve(query('policy:cheap-chat'));
    expect(result.ok && [candidates(result), result.plan.candidateModels]).toEqual([
      ['mini-us', 'big-us'],
      ['gpt-4o-mini', 'gpt-4o'],
    ]);
  });
});
