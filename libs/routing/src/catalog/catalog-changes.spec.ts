import { ConfigEvent } from '@switchyard/contracts';
import { ConfigState } from '@switchyard/control-plane';
import { catalogChanges } from './catalog-changes';
import { parseCatalog } from './catalog-document';

const catalog = (chain: string[] = ['gpt-4o-mini']) => {
  const parsed = parseCatalog({
    version: '1',
    deployments: [
      { id: 'd1', model: 'gpt-4o-mini', provider: 'openai', region: 'us-east', endpoint: 'http://mock/v1', capabilities: ['chat'] },
    ],
    policies: [{ id: 'eu', objective: 'cost', regions: ['eu'] }],
    aliases: [{ id: 'chat-default', chain }],
    experiments: [{ id: 'x', alias: 'chat-default', arms: [{ name: 'c', target: 'd1', weight: 1 }] }],
  });
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  return parsed.document;
};

function applyAll(state: ConfigState, changes: ReturnType<typeof catalogChanges>): void {
  if (!changes.ok) throw new Error(changes.problems.join('\n'));
  // Through the wire format, as the config topic would carry them.
  for (const entity of changes.changes) state.apply(ConfigEvent.decode(ConfigEvent.encode(ConfigEvent.fromPartial({ entity })).finish()));
}

describe('catalogChanges', () => {
  it('writes everything into an empty log, dependencies first', () => {
    const plan = catalogChanges(catalog(), new ConfigState(), 1_000);
    expect(plan.ok && plan.changes.map((c) => c.$case)).toEqual(['deployment', 'routingPolicy', 'alias', 'experiment']);
    expect(plan.ok && plan.changes[2]).toMatchObject({ alias: { createdAtMs: 1_000, updatedAtMs: 1_000 } });
  });

  it('is idempotent: the same catalog again writes nothing', () => {
    const state = new ConfigState();
    applyAll(state, catalogChanges(catalog(), state, 1_000));
    expect(catalogChanges(catalog(), state, 2_000)).toEqual({ ok: true, changes: [], unchanged: 4 });
  });

  it('writes only what changed, keeping the creation time', () => {
    const state = new ConfigState();
    applyAll(state, catalogChanges(catalog(), state, 1_000));
    const plan = catalogChanges(catalog(['gpt-4o-mini', 'policy:cheapest']), state, 2_000);
    expect(plan.ok && plan.changes).toEqual([
      {
        $case: 'alias',
        alias: expect.objectContaining({ chain: ['gpt-4o-mini', 'policy:cheapest'], createdAtMs: 1_000, updatedAtMs: 2_000 }),
      },
    ]);
  });

  it('refuses a catalog whose references do not resolve, writing nothing', () => {
    const plan = catalogChanges(catalog(['gpt-9']), new ConfigState(), 1_000);
    expect(plan).toEqual({ ok: false, problems: ["alias chat-default: 'gpt-9' is not a known model, deployment or policy"] });
  });
});
