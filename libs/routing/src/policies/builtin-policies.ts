import { RoutingObjective, RoutingPolicy } from '@switchyard/contracts';
import type { ConfigState } from '@switchyard/control-plane';

export const POLICY_PREFIX = 'policy:';

const builtIn = (id: string, objective: RoutingObjective, description: string, requireAllowedRegions = false): RoutingPolicy =>
  RoutingPolicy.fromPartial({ id, objective, description, requireAllowedRegions });

/** The policies every deployment of Switchyard has; a config event with the same id replaces one. */
export const BUILTIN_POLICIES: readonly RoutingPolicy[] = [
  builtIn('cheapest', RoutingObjective.ROUTING_OBJECTIVE_COST, 'Lowest expected price for the request.'),
  builtIn('fastest', RoutingObjective.ROUTING_OBJECTIVE_LATENCY, 'Lowest recent p95 latency.'),
  builtIn('reliable', RoutingObjective.ROUTING_OBJECTIVE_RELIABILITY, 'Lowest recent error rate, healthy breakers first.'),
  builtIn('compliant', RoutingObjective.ROUTING_OBJECTIVE_RELIABILITY, "Only deployments in the tenant's allowed regions.", true),
];

/** "policy:fastest" -> "fastest"; undefined for anything else. */
export function policyIdOf(model: string): string | undefined {
  return model.startsWith(POLICY_PREFIX) ? model.slice(POLICY_PREFIX.length) : undefined;
}

export function findPolicy(config: ConfigState, id: string): RoutingPolicy | undefined {
  return config.routingPolicies.get(id) ?? BUILTIN_POLICIES.find((p) => p.id === id);
}

/** Built-in and configured policies, configured ones winning on the same id. */
export function allPolicies(config: ConfigState): RoutingPolicy[] {
  const byId = new Map<string, RoutingPolicy>(BUILTIN_POLICIES.map((p) => [p.id, p]));
  for (const p of config.routingPolicies.values()) byId.set(p.id, p);
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}
