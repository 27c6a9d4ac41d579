import { AlertWebhook, ProviderCredential } from '@switchyard/contracts';
import { ownedKey } from '@switchyard/control-plane';
import type { ConfigState, CredentialCipher, SealedSecret } from '@switchyard/control-plane';
import { conflict, unavailable } from '../http/admin-errors';
import { ConfigEntity, route } from '../http/admin-route';
import { objectSchema, S } from '../http/views';

/** A stored secret: the record it belongs to, the id bound into its ciphertext, and how to write it back re-sealed. */
interface StoredSecret {
  readonly key: string;
  readonly boundTo: string;
  readonly sealed: SealedSecret;
  readonly withSealed: (sealed: SealedSecret) => ConfigEntity;
}

function storedSecrets(state: ConfigState): StoredSecret[] {
  const credentials = [...state.credentials.values()].map((c): StoredSecret => ({
    key: `provider_credential/${ownedKey(c.tenantId, c.id)}`,
    boundTo: c.id,
    sealed: c,
    withSealed: (s) => ({ $case: 'providerCredential', providerCredential: ProviderCredential.fromPartial({ ...c, ...s }) }),
  }));
  const webhooks = [...state.alertWebhooks.values()]
    .filter((w) => w.ciphertextB64 !== '')
    .map((w): StoredSecret => ({
      key: `alert_webhook/${ownedKey(w.tenantId, w.id)}`,
      boundTo: `alert_webhook/${w.id}`,
      sealed: w,
      withSealed: (s) => ({ $case: 'alertWebhook', alertWebhook: AlertWebhook.fromPartial({ ...w, ...s }) }),
    }));
  return [...credentials, ...webhooks];
}

/** Opens every secret first, so one that cannot be opened stops the run before anything is written. */
function resealAll(secrets: readonly StoredSecret[], cipher: CredentialCipher): ConfigEntity[] {
  const unreadable: string[] = [];
  const entities: ConfigEntity[] = [];
  for (const secret of secrets) {
    try {
      entities.push(secret.withSealed(cipher.reseal(secret.sealed, secret.boundTo)));
    } catch {
      unreadable.push(`${secret.key} (KEK '${secret.sealed.kekId}')`);
    }
  }
  if (unreadable.length > 0) {
    throw conflict(
      `Cannot open ${unreadable.join(', ')} with the configured key-encryption keys (SWITCHYARD_KEKS); nothing was re-sealed. Keep the old KEK listed after the new one until the re-seal is done.`,
    );
  }
  return entities;
}

/**
 * KEK rotation, step two: after the new KEK is put first in SWITCHYARD_KEKS
 * (old ones still listed), every stored secret (provider credentials, platform
 * and BYO, and alert webhook signing secrets) is re-sealed under it. Then the
 * old KEK can be removed from every service.
 */
export const resealSecretsRoute = route({
  method: 'POST',
  path: '/secrets/reseal',
  permission: 'platform.manage',
  tag: 'meta',
  summary:
    "Re-seal every stored secret (provider credentials, tenants' BYO keys, alert webhook secrets) under the current key-encryption key, after a KEK rotation",
  response: objectSchema({ current_kek_id: S.string, resealed: S.strings, already_current: S.int }),
  successStatus: 200,
  handle: async (call) => {
    const cipher = call.deps.cipher;
    if (!cipher) throw unavailable('Secrets cannot be re-sealed: no key-encryption key is configured (SWITCHYARD_KEKS).');
    const all = storedSecrets(call.deps.state);
    const stale = all.filter((s) => s.sealed.kekId !== cipher.currentKekId);
    for (const entity of resealAll(stale, cipher)) await call.write(entity);
    return { current_kek_id: cipher.currentKekId, resealed: stale.map((s) => s.key), already_current: all.length - stale.length };
  },
});
