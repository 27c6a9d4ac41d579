import { Deployment, ErrorClass, RequestContext } from '@switchyard/contracts';
import { planForModel } from './route-plan';

// Data residency: a caller pinned to regions is only ever planned onto
// deployments in those regions, and refused clearly when there are none.
const deployment = (id: string, model: string, region: string) =>
  Deployment.fromPartial({ id, model, region, enabled: true, capabilities: { chat: true, streaming: true } });

const DEPLOYMENTS = [deployment('mini-us', 'gpt-4o-mini', 'us-east'), deployment('mini-eu', 'gpt-4o-mini', 'eu-west'), deployment('big-us', 'gpt-4o', 'us-east')];
const pinned = (...allowedRegions: string[]) => RequestContext.fromPartial({ allowedRegions });

describe('region pinning in route planning', () => {
  it('plans only deployments in the allowed regions, failover candidates included', () => {
    const result = planForModel('gpt-4o-mini', DEPLOYMENTS, pinned('eu-west'), ['chat']);
    expect(result.ok && result.plan.candidates.map((d) => d.id)).toEqual(['mini-eu']);
  });

  it('uses every region when the caller is not pinned', () => {
    const result = planForModel('gpt-4o-mini', DEPLOYMENTS, pinned(), ['chat']);
    expect(result.ok && result.plan.candidates.map((d) => d.id)).toEqual(['mini-us', 'mini-eu']);
  });

  it('refuses clearly when no deployment in an allowed region serves the model', () => {
    const result = planForModel('gpt-4o', DEPLOYMENTS, pinned('eu-west', 'eu-central'), ['chat']);
    expect(result).toMatchObject({ ok: false, error: { errorClass: ErrorClass.ERROR_CLASS_PERMISSION_DENIED, message: "The model 'gpt-4o' is not served in your allowed regions (eu-west, eu-central).", param: 'model' } });
  });

  it('treats an impossible region (a key narrowed outside its tenant) as serving nothing', () => {
    expect(planForModel('gpt-4o-mini', DEPLOYMENTS, pinned('none'), ['chat']).ok).toBe(false);
  });
});
