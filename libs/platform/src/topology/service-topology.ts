/**
 * The six services and the peers each one calls over gRPC (and waits for in
 * its readiness). Each app's module map names its peers from here, and the dev
 * stack derives its start order from it: a service starts after its peers.
 */
export const SERVICE_TOPOLOGY = {
  ingress: { envPrefix: 'INGRESS', calls: ['router', 'audit'] },
  router: { envPrefix: 'ROUTER', calls: ['provider-adapters', 'budget-enforcer'] },
  'provider-adapters': { envPrefix: 'PROVIDER_ADAPTERS', calls: [] },
  metering: { envPrefix: 'METERING', calls: [] },
  'budget-enforcer': { envPrefix: 'BUDGET_ENFORCER', calls: [] },
  audit: { envPrefix: 'AUDIT', calls: [] },
} as const satisfies Record<string, { envPrefix: string; calls: readonly string[] }>;

export type ServiceName = keyof typeof SERVICE_TOPOLOGY;

export const SERVICE_NAMES = Object.keys(SERVICE_TOPOLOGY) as ServiceName[];

/** The peers a service calls (its dependencies in the start order). */
export function peersOf(service: ServiceName): readonly ServiceName[] {
  return SERVICE_TOPOLOGY[service].calls;
}

/** The services allowed to call `service` over gRPC: the edges of SERVICE_TOPOLOGY into it. */
export function callersOf(service: ServiceName): ServiceName[] {
  return SERVICE_NAMES.filter((caller) => peersOf(caller).includes(service));
}

/** Whether `caller` may call `callee` (an edge of SERVICE_TOPOLOGY); a service never calls itself over gRPC. */
export function mayCall(caller: string, callee: ServiceName): boolean {
  return isServiceName(caller) && peersOf(caller).includes(callee);
}

export function isServiceName(name: string): name is ServiceName {
  return Object.hasOwn(SERVICE_TOPOLOGY, name);
}

/** Every service after the peers it calls (depth first, in declaration order). */
export function startOrder(services: readonly ServiceName[] = SERVICE_NAMES): ServiceName[] {
  const order: ServiceName[] = [];
  const visiting = new Set<ServiceName>();
  const visit = (name: ServiceName): void => {
    if (order.includes(name)) return;
    if (visiting.has(name)) throw new Error(`service dependency cycle through ${name}`);
    visiting.add(name);
    for (const peer of peersOf(name)) visit(peer);
    visiting.delete(name);
    order.push(name);
  };
  for (const name of SERVICE_NAMES) visit(name);
  return order.filter((name) => services.includes(name));
}
