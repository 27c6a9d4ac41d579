import { RoutingTrace } from '@switchyard/contracts';
import { routingHeaders } from './routing-headers';

describe('routingHeaders', () => {
  it('adds nothing when the request was not routed', () => {
    expect(routingHeaders(undefined)).toEqual({});
  });

  it('says where the request went, how many attempts it took and why', () => {
    const trace = RoutingTrace.fromPartial({
      deploymentId: 'dep_eu_gpt4o',
      attempts: 2,
      policy: 'cheapest',
      alias: 'smart',
      arm: 'b',
      queueWaitMs: 35,
      candidates: ['gpt-4o-mini', 'gpt-4.1-mini'],
      publicModel: 'gpt-4o-mini',
      upstreamModel: 'gpt-4o-mini-2024-07-18',
    });
    expect(routingHeaders(trace)).toEqual({
      'x-switchyard-attempts': '2',
      'x-switchyard-deployment': 'dep_eu_gpt4o',
      'x-switchyard-policy': 'cheapest',
      'x-switchyard-alias': 'smart',
      'x-switchyard-arm': 'b',
      'x-switchyard-queue-wait-ms': '35',
      'x-switchyard-candidates': 'gpt-4o-mini,gpt-4.1-mini',
      'x-switchyard-model': 'gpt-4o-mini',
      'x-switchyard-upstream-model': 'gpt-4o-mini-2024-07-18',
    });
  });

  it('leaves out what did not apply, but always counts the attempts', () => {
    expect(routingHeaders(RoutingTrace.fromPartial({ attempts: 0 }))).toEqual({ 'x-switchyard-attempts': '0' });
    expect(routingHeaders(RoutingTrace.fromPartial({ attempts: 1, deploymentId: 'dep_1', queueWaitMs: 0 }))).toEqual({
      'x-switchyard-attempts': '1',
      'x-switchyard-deployment': 'dep_1',
    });
  });
});
