import type { Alias, Deployment, Experiment } from '@switchyard/contracts';
import type { ConfigState } from '@switchyard/control-plane';
import { parseCredentialRef } from '@switchyard/control-plane';

/** The tenant's own alias of that id, else the platform's. */
export function findAlias(config: ConfigState, tenantId: string, id: string): Alias | undefined {
  return (tenantId ? config.aliases.get(`${tenantId}/${id}`) : undefined) ?? config.aliases.get(`/${id}`);
}

/** Aliases a tenant can use: its own plus the platform's it does not shadow. */
export function aliasesFor(config: ConfigState, tenantId: string): Alias[] {
  const byId = new Map<string, Alias>();
  for (const a of config.aliases.values()) if (a.tenantId === '') byId.set(a.id, a);
  for (const a of config.aliases.values()) if (tenantId !== '' && a.tenantId === tenantId) byId.set(a.id, a);
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** The enabled experiment splitting this alias for this tenant (a tenant's own wins over a platform-wide one). */
export function findExperiment(config: ConfigState, tenantId: string, aliasId: string): Experiment | undefined {
  let platformWide: Experiment | undefined;
  for (const e of config.experiments.values()) {
    if (!e.enabled || e.aliasId !== aliasId) continue;
    if (e.tenantId === tenantId && tenantId !== '') return e;
    if (e.tenantId === '') platformWide ??= e;
  }
  return platformWide;
}

/**
 * Deployments a chain step or arm target names for this tenant: a deployment
 * id, or every deployment of a model; another tenant's BYO deployments are
 * left out, as if they did not exist.
 */
export function deploymentsNamed(config: ConfigState, name: string, tenantId: string): Deployment[] {
  const byId = config.deployments.get(name);
  if (byId) return usableBy(byId, tenantId) ? [byId] : [];
  return [...config.deployments.values()].filter((d) => d.model === name && usableBy(d, tenantId));
}

/** The tenant whose own provider key (BYO credential) a deployment uses; '' for the platform's deployments. */
export function deploymentOwner(deployment: Deployment): string {
  return parseCredentialRef(deployment.credentialRef)?.tenantId ?? '';
}

/**
 * A BYO deployment serves only its owner: for anyone else it is filtered out
 * before routing (404, absent from /v1/models and from alias and policy
 * candidates), so their calls never reach it nor count against its health.
 */
export function usableBy(deployment: Deployment, tenantId: string): boolean {
  const owner = deploymentOwner(deployment);
  return owner === '' || owner === tenantId;
}
