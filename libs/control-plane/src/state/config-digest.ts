import { ConfigEvent } from '@switchyard/contracts';
import { createHash } from 'node:crypto';
import { configEventKey, ConfigState } from './config-state';

/**
 * A fingerprint of the whole configuration: SHA-256 over every entity's
 * compaction key and encoded state, in key order. Two replicas (or one
 * replica before and after a restart) that rebuilt the same state from the
 * log have the same digest.
 */
export function configDigest(state: ConfigState): { digest: string; entities: number } {
  const entries: [string, Uint8Array][] = [];
  const add = (entity: NonNullable<ConfigEvent['entity']>): void => {
    const event = ConfigEvent.fromPartial({ entity });
    entries.push([configEventKey(event), ConfigEvent.encode(ConfigEvent.fromPartial({ entity })).finish()]);
  };
  for (const tenant of state.tenants.values()) add({ $case: 'tenant', tenant });
  for (const apiKey of state.apiKeys.values()) add({ $case: 'apiKey', apiKey });
  for (const deployment of state.deployments.values()) add({ $case: 'deployment', deployment });
  for (const providerCredential of state.credentials.values()) add({ $case: 'providerCredential', providerCredential });
  for (const plan of state.plans.values()) add({ $case: 'plan', plan });
  for (const feature of state.features.values()) add({ $case: 'feature', feature });
  for (const user of state.users.values()) add({ $case: 'user', user });
  for (const roleBinding of state.roleBindings.values()) add({ $case: 'roleBinding', roleBinding });
  for (const adminToken of state.adminTokens.values()) add({ $case: 'adminToken', adminToken });
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const hash = createHash('sha256');
  for (const [key, bytes] of entries) hash.update(key).update('\0').update(bytes).update('\0');
  return { digest: hash.digest('hex'), entities: entries.length };
}
