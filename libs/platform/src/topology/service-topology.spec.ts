import { callersOf, mayCall, peersOf, SERVICE_NAMES, startOrder } from './service-topology';

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

describe('callersOf and mayCall', () => {
  it('allow exactly the edges of the topology', () => {
    expect(callersOf('router')).toEqual(['ingress']);
    expect(callersOf('provider-adapters')).toEqual(['router']);
    expect(callersOf('budget-enforcer')).toEqual(['router']);
    expect(callersOf('ingress')).toEqual([]);
    expect(mayCall('ingress', 'router')).toBe(true);
    expect(mayCall('metering', 'router')).toBe(false);
    expect(mayCall('router', 'ingress')).toBe(false);
    expect(mayCall('audit', 'provider-adapters')).toBe(false);
    expect(mayCall('toString', 'router')).toBe(false);
  });
});
