import { Alias, Experiment, RoutingObjective, RoutingPolicy } from '@switchyard/contracts';
import { deployment, e, stateWith } from '../../test/fixtures';
import { referencesOf, validateAlias, validateDeployment, validateExperiment, validateRoutingPolicy } from './validate-routing-config';

const state = stateWith(e.deployment(deployment('d1')), e.alias({ id: 'chat-default', chain: ['d1'] }));
const refs = referencesOf(state);

describe('routing config validation', () => {
  it('accepts a good alias, and names what is wrong with a bad one', () => {
    expect(
      validateAlias(Alias.fromPartial({ id: 'summarize', chain: ['gpt-4o-mini', 'd1', 'policy:cheapest'], policy: 'fastest' }), refs),
    ).toEqual([]);
    expect(
      validateAlias(
        Alias.fromPartial({
          id: 'policy:x',
          chain: ['gpt-4o-mini', 'gpt-4o-mini', 'chat-default', 'gpt-9', 'policy:nope'],
          policy: 'slowest',
        }),
        refs,
      ),
    ).toEqual([
      "alias id 'policy:x' must be 1-64 letters, digits, '.', '_' or '-'",
      'alias policy:x: a chain step appears twice',
      "alias policy:x: 'chat-default' is an alias; chain steps and arms name models, deployments or policies",
      "alias policy:x: 'gpt-9' is not a known model, deployment or policy",
      "alias policy:x: unknown policy 'policy:nope'",
      "alias policy:x: unknown policy 'slowest'",
    ]);
    expect(validateAlias(Alias.fromPartial({ id: 'empty' }), refs)).toEqual(['alias empty: the fallback chain needs at least one step']);
  });

  it('policies need an objective', () => {
    expect(
      validateRoutingPolicy(
        RoutingPolicy.fromPartial({ id: 'eu', objective: RoutingObjective.ROUTING_OBJECTIVE_COST, regions: ['eu-west'] }),
      ),
    ).toEqual([]);
    expect(validateRoutingPolicy(RoutingPolicy.fromPartial({ id: 'eu', models: ['a', 'a'], regions: [' '] }))).toEqual([
      'policy eu: objective must be cost, latency or reliability',
      'policy eu: a model appears twice',
      'policy eu: regions must not be empty',
    ]);
  });

  it('experiments need a known alias, unique arms with valid targets, a live arm, and shadow percentages', () => {
    const good = Experiment.fromPartial({
      id: 'x',
      aliasId: 'chat-default',
      arms: [
        { name: 'a', target: 'd1', weight: 50 },
        { name: 's', target: 'gpt-4o-mini', shadow: true, shadowPercent: 10 },
      ],
    });
    expect(validateExperiment(good, refs)).toEqual([]);
    const bad = Experiment.fromPartial({
      id: 'x',
      aliasId: 'nope',
      arms: [
        { name: 'a', target: 'gpt-9', weight: 0 },
        { name: 'a', target: 'd1', shadow: true, shadowPercent: 0 },
      ],
    });
    expect(validateExperiment(bad, refs)).toEqual([
      "experiment x: unknown alias 'nope'",
      'experiment x: arm names must be unique',
      "experiment x arm a: 'gpt-9' is not a known model, deployment or policy",
      'experiment x arm a: a shadow arm needs a shadow percent of 1-100',
      'experiment x: needs at least one live arm with a positive weight',
    ]);
  });

  it('deployments need an id, a provider family, an http(s) endpoint, a region and sane numbers', () => {
    expect(validateDeployment(deployment('d1'))).toEqual([]);
    expect(
      validateDeployment(
        deployment('bad id', { provider: 'Open AI', baseUrl: 'ftp://x', region: '', rpmLimit: -1, capabilities: undefined }),
      ),
    ).toEqual([
      "deployment id 'bad id' must be 1-64 letters, digits, '.', '_' or '-'",
      "deployment bad id: provider 'Open AI' must be a provider family name such as openai or anthropic",
      "deployment bad id: base URL 'ftp://x' must be an http(s) URL",
      'deployment bad id: region is required',
      'deployment bad id: rpm limit must be a non-negative integer (0 = none)',
      'deployment bad id: must be capable of chat, embeddings, moderation, transcription, speech or image generation',
    ]);
  });
});
