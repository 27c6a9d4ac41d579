import { peersOf, SERVICE_NAMES, startOrder } from './service-topology';

describe('startOrder', () => {
  it('starts every service after the peers it calls', () => {
    const order = startOrder();
    expect([...order].sort()).toEqual([...SERVICE_NAMES].sort());
    for (const name of order) for (const peer of peersOf(name)) expect(order.indexOf(peer)).toBeLessThan(order.indexOf(name));
  });

  it('visits the services depth first in declaration order', () => {
    expect(startOrder()).toEqual(['provider-adapters', 'budget-enforcer', 'router', 'audit', 'ingress', 'metering']);
  });

  it('returns only the services asked for, still in dependency order', () => {
    expect(startOrder(['ingress', 'audit', 'router'])).toEqual(['router', 'audit', 'ingress']);
  });
});
