import { ProviderCredential } from '@switchyard/contracts';
import type { CredentialCipher } from '@switchyard/control-plane';
import { conflict, unavailable } from '../http/admin-errors';
import { route } from '../http/admin-route';
import { objectSchema, S } from '../http/views';

const RESEAL_SCHEMA = objectSchema({ current_kek_id: S.string, resealed: S.strings, already_current: S.int });

/** Opens every credential first, so a key that cannot be opened stops the run before anything is written. */
function resealAll(credentials: readonly ProviderCredential[], cipher: CredentialCipher): ProviderCredential[] {
  const unreadable: string[] = [];
  const resealed: ProviderCredential[] = [];
  for (const credential of credentials) {
    try {
      resealed.push(ProviderCredential.fromPartial({ ...credential, ...cipher.reseal(credential, credential.id) }));
    } catch {
      unreadable.push(`'${credential.id}' (KEK '${credential.kekId}')`);
    }
  }
  if (unreadable.length > 0) {
    throw conflict(`Cannot open provider credential${unreadable.length > 1 ? 's' : ''} ${unreadable.join(', ')} with the configured key-encryption keys (SWITCHYARD_KEKS); nothing was re-sealed. Keep the old KEK listed after the new one until the re-seal is done.`);
  }
  return resealed;
}

/**
 * KEK rotation, step two: after the new KEK is put first in SWITCHYARD_KEKS
 * (old ones still listed), every stored provider credential, platform and BYO,
 * is re-sealed under it. Then the old KEK can be removed from every service.
 */
export const resealCredentialsRoute = route({
  method: 'POST', path: '/provider-credentials/reseal', permission: 'platform.manage', tag: 'provider-credentials',
  summary: 'Re-seal every provider credential (platform and tenants\' BYO) under the current key-encryption key, after a KEK rotation',
  response: RESEAL_SCHEMA, successStatus: 200,
  handle: async (call) => {
    const cipher = call.deps.cipher;
    if (!cipher) throw unavailable('Provider credentials cannot be re-sealed: no key-encryption key is configured (SWITCHYARD_KEKS).');
    const all = [...call.deps.state.credentials.values()];
    const stale = all.filter((c) => c.kekId !== cipher.currentKekId);
    for (const credential of resealAll(stale, cipher)) {
      await call.write({ $case: 'providerCredential', providerCredential: credential });
    }
    return { current_kek_id: cipher.currentKekId, resealed: stale.map((c) => c.id), already_current: all.length - stale.length };
  },
});
