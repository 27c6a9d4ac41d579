import { ErrorClass, RoutingPolicy } from '@switchyard/contracts';
import { deployment } from '../../test/fixtures';
import { AllowList, candidateSet, CandidateSetInput, inRankOrder, modelClassOf, modelEntries } from './candidate-set';

const small1 = deployment('small-1', { model: 'mini-a', modelClass: 'chat-small' });
const small2 = deployment('small-2', { model: 'mini-b', modelClass: 'chat-small', region: 'eu-west' });
const large = deployment('large', { model: 'big', modelClass: 'chat-large' });
const loner = deployment('loner', { model: 'loner' });
const aliases = new Set(['smart']);

const input = (fields: Partial<CandidateSetInput> = {}): CandidateSetInput => ({
  name: 'policy:fastest',
  policy: RoutingPolicy.fromPartial({ id: 'fastest' }),
  deployments: [small1, small2, large],
  allowLists: [],
  isAlias: (entry) => aliases.has(entry),
  ...fields,
});
const models = (fields: Partial<CandidateSetInput>) => {
  const set = candidateSet(input(fields));
  return set.ok ? set.models : set.error.message;
};
const key = (...entries: string[]): AllowList => ({ owner: 'your API key', entries });

describe('candidateSet', () => {
  it('a model without a class is a class of its own', () => {
    expect(modelClassOf(loner)).toBe('loner');
    expect(modelClassOf(small1)).toBe('chat-small');
  });

  it('refuses to rank across classes with a 400 that names the classes, the models and how to narrow', () => {
    const set = candidateSet(input());
    expect(set.ok).toBe(false);
    if (set.ok) return;
    expect(set.error.errorClass).toBe(ErrorClass.ERROR_CLASS_INVALID_REQUEST);
    expect(set.error.param).toBe('model');
    expect(set.error.message).toContain("'chat-large' (big), 'chat-small' (mini-a, mini-b)");
    expect(set.error.message).toMatch(/model_class/);
    expect(set.error.message).toMatch(/Name a model/);
  });

  it('two unrelated models without classes are two classes', () => {
    expect(models({ deployments: [small1, loner] })).toMatch(/'chat-small' \(mini-a\), 'loner' \(loner\)/);
  });

  it("narrows by the policy's classes, models and regions", () => {
    const set = candidateSet(input({ policy: RoutingPolicy.fromPartial({ id: 'p', classes: ['chat-small'] }) }));
    expect(set.ok && set.models).toEqual(['mini-a', 'mini-b']);
    expect(set.ok && set.deployments.map((d) => d.id)).toEqual(['small-1', 'small-2']);
    expect(models({ policy: RoutingPolicy.fromPartial({ id: 'p', models: ['big'] }) })).toEqual(['big']);
    expect(models({ policy: RoutingPolicy.fromPartial({ id: 'p', regions: ['eu-west'] }) })).toEqual(['mini-b']);
  });

  it("narrows by the model entries of the key's and the plan's allow-lists", () => {
    expect(models({ allowLists: [key('mini-a', 'policy:fastest')] })).toEqual(['mini-a']);
    expect(models({ allowLists: [key('mini-a', 'big'), { owner: 'your plan', entries: ['big'] }] })).toEqual(['big']);
    // A deployment id names that deployment only.
    expect(models({ allowLists: [key('small-2')] })).toEqual(['mini-b']);
  });

  it('an allow-list of only aliases and policies, or an empty one, does not narrow models', () => {
    expect(models({ allowLists: [key('smart', 'policy:fastest')], deployments: [small1, small2] })).toEqual(['mini-a', 'mini-b']);
    expect(models({ allowLists: [key()], deployments: [small1, small2] })).toEqual(['mini-a', 'mini-b']);
    expect(modelEntries(['smart', 'policy:fastest', 'mini-a', 'gone'], (e) => aliases.has(e))).toEqual(['mini-a', 'gone']);
  });

  it('an allow-list that leaves nothing is a permission refusal that says what was allowed', () => {
    const set = candidateSet(input({ allowLists: [key('gone', 'policy:fastest')] }));
    expect(!set.ok && set.error.errorClass).toBe(ErrorClass.ERROR_CLASS_PERMISSION_DENIED);
    expect(!set.ok && set.error.message).toBe(
      "None of the models 'policy:fastest' chooses from (big, mini-a, mini-b) is allowed by your API key (allowed: gone).",
    );
  });

  it('a policy that matches no deployment is not found', () => {
    const set = candidateSet(input({ policy: RoutingPolicy.fromPartial({ id: 'p', classes: ['nope'] }) }));
    expect(!set.ok && set.error.errorClass).toBe(ErrorClass.ERROR_CLASS_NOT_FOUND);
  });

  it('orders the set for the trace by rank, then the models this request could not use', () => {
    expect(inRankOrder(['mini-a', 'mini-b', 'mini-c'], [small2, small1])).toEqual(['mini-b', 'mini-a', 'mini-c']);
  });
});
