import { Alias, ConfigEvent, Deployment, Experiment, ExperimentArm, Feature, Plan, ProviderCredential } from '@switchyard/contracts';
import { ConfigState } from '@switchyard/control-plane';
import type { ConfigEntity } from '../http/admin-route';
import { findReferences } from './config-references';

function stateOf(...entities: ConfigEntity[]): ConfigState {
  const state = new ConfigState();
  for (const entity of entities) state.apply(ConfigEvent.fromPartial({ entity }));
  return state;
}

const dep = (id: string, model: string, credentialRef = '') =>
  ({ $case: 'deployment', deployment: Deployment.fromPartial({ id, model, credentialRef }) }) as const;

describe('findReferences', () => {
  const state = stateOf(
    dep('dep-a', 'gpt-x', 'cred:openai'),
    dep('dep-b', 'gpt-y'),
    dep('dep-c', 'gpt-y'),
    { $case: 'providerCredential', providerCredential: ProviderCredential.fromPartial({ id: 'openai' }) },
    { $case: 'alias', alias: Alias.fromPartial({ id: 'chat', chain: ['dep-a', 'gpt-y'] }) },
    { $case: 'plan', plan: Plan.fromPartial({ id: 'pro', allowedModels: ['chat', 'gpt-x'] }) },
    { $case: 'feature', feature: Feature.fromPartial({ id: 'copilot', tenantId: 'ten_a', route: 'chat' }) },
    {
      $case: 'experiment',
      experiment: Experiment.fromPartial({
        id: 'x1',
        aliasId: 'chat',
        arms: [ExperimentArm.fromPartial({ name: 'shadow', target: 'gpt-x', shadow: true })],
      }),
    },
  );

  it('finds what names a deployment by id or by its last model name', () => {
    expect(findReferences(state, { kind: 'deployment', id: 'dep-a' }, 0)).toEqual([
      { kind: 'alias', id: 'chat', tenant_id: '', field: 'chain' },
      { kind: 'experiment', id: 'x1', tenant_id: '', field: 'arms[shadow].target' },
      { kind: 'plan', id: 'pro', tenant_id: '', field: 'allowed_models' },
    ]);
    // gpt-y is still served by dep-c: deleting dep-b loses no name.
    expect(findReferences(state, { kind: 'deployment', id: 'dep-b' }, 0)).toEqual([]);
  });

  it('finds the deployments using a credential and what names an alias', () => {
    expect(findReferences(state, { kind: 'provider_credential', tenantId: '', id: 'openai' }, 0)).toEqual([
      { kind: 'deployment', id: 'dep-a', tenant_id: '', field: 'credential_id' },
    ]);
    expect(findReferences(state, { kind: 'alias', tenantId: '', id: 'chat' }, 0)).toEqual([
      { kind: 'experiment', id: 'x1', tenant_id: '', field: 'alias_id' },
      { kind: 'feature', id: 'copilot', tenant_id: 'ten_a', field: 'route' },
      { kind: 'plan', id: 'pro', tenant_id: '', field: 'allowed_models' },
    ]);
  });

  it('does not report a tenant alias that a platform alias of the same id backs', () => {
    const shadowed = stateOf({ $case: 'alias', alias: Alias.fromPartial({ id: 'chat', tenantId: 'ten_a', chain: ['m'] }) });
    shadowed.apply(ConfigEvent.fromPartial({ entity: { $case: 'alias', alias: Alias.fromPartial({ id: 'chat', chain: ['m'] }) } }));
    shadowed.apply(
      ConfigEvent.fromPartial({
        entity: { $case: 'feature', feature: Feature.fromPartial({ id: 'f', tenantId: 'ten_a', route: 'chat' }) },
      }),
    );
    expect(findReferences(shadowed, { kind: 'alias', tenantId: 'ten_a', id: 'chat' }, 0)).toEqual([]);
  });
});
