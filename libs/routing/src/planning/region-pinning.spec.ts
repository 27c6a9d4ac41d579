import { Deployment, ErrorClass, RequestContext } from '@switchyard/contracts';
import { PriceResolver } from '@switchyard/pricing';
import { context, deployment, e, stateWith } from '../../test/fixtures';
import type { DeploymentFigures } from '../health/deployment-health';
import { eligibleDeployments } from './route-plan';
import { RouteResolver } from './route-resolver';

// Data residency: a caller pinned to regions is only ever planned onto
// deployments in those regions, and refused clearly when there are none.
const d = (id: string, model: string, region: string) =>
  Deployment.fromPartial({ id, model, region, enabled: true, capabilities: { chat: true, streaming: true } });

const DEPLOYMENTS = [d('mini-us', 'gpt-4o-mini', 'us-east'), d('mini-eu', 'gpt-4o-mini', 'eu-west'), d('big-us', 'gpt-4o', 'us-east')];
const pinned = (...allowedRegions: string[]) => RequestContext.fromPartial({ allowedRegions });
const serving = (model: string) => DEPLOYMENTS.filter((x) => x.model === model);
const ids = (result: ReturnType<typeof eligibleDeployments>) => (result.ok ? result.eligible.map((x) => x.id) : []);

describe('region pinning in route planning', () => {
  it('keeps only deployments in the allowed regions, failover candidates included', () => {
    expect(ids(eligibleDeployments('gpt-4o-mini', serving('gpt-4o-mini'), pinned('eu-west'), ['chat']))).toEqual(['mini-eu']);
  });

  it('uses every region when the caller is not pinned', () => {
    expect(ids(eligibleDeployments('gpt-4o-mini', serving('gpt-4o-mini'), pinned(), ['chat']))).toEqual(['mini-us', 'mini-eu']);
  });

  it('refuses clearly when no deployment in an allowed region serves the model', () => {
    expect(eligibleDeployments('gpt-4o', serving('gpt-4o'), pinned('eu-west', 'eu-central'), ['chat'])).toMatchObject({
      ok: false,
      error: {
        errorClass: ErrorClass.ERROR_CLASS_PERMISSION_DENIED,
        message: "The model 'gpt-4o' is not served in your allowed regions (eu-west, eu-central).",
        param: 'model',
      },
    });
  });

  it('treats an impossible region (a key narrowed outside its tenant) as serving nothing', () => {
    expect(eligibleDeployments('gpt-4o-mini', serving('gpt-4o-mini'), pinned('none'), ['chat']).ok).toBe(false);
  });

  it('holds through the whole resolver, aliases and policies included', () => {
    const noFigures = (): DeploymentFigures => ({ p95LatencyMs: undefined, errorRate: 0, samples: 0, breaker: 'closed' });
    const state = stateWith(
      e.deployment(deployment('mini-us', { region: 'us-east' })),
      e.deployment(deployment('mini-eu', { region: 'eu-west' })),
      e.alias({ id: 'chat-default', chain: ['gpt-4o-mini'], policy: '' }),
    );
    const resolver = new RouteResolver(state, noFigures, 'reliable', new PriceResolver(state));
    const estimate = { inputTokens: 10, outputTokens: 10 };
    for (const name of ['gpt-4o-mini', 'chat-default', 'policy:cheapest', 'policy:fastest']) {
      const result = resolver.resolve({ name, context: context({ allowedRegions: ['eu-west'] }), needs: ['chat'], estimate });
      expect(result.ok && result.plan.candidates.map((x) => x.id)).toEqual(['mini-eu']);
    }
  });
});
