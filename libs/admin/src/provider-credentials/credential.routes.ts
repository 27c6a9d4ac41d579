import { ProviderCredential } from '@switchyard/contracts';
import type { ProviderCredential as CredentialEntity } from '@switchyard/contracts';
import { randomBytes } from 'node:crypto';
import { notFound, unavailable } from '../http/admin-errors';
import { route } from '../http/admin-route';
import type { AdminCall } from '../http/admin-route';
import { Scope, scopePrefix, scopeTenantId } from '../http/scope';
import { DELETED_SCHEMA, listOf, listSchema, objectSchema, S } from '../http/views';
import { idField } from '../validation/common-fields';
import { obj, optional, str } from '../validation/schema';

const credentialBody = obj({
  id: optional(
    idField(
      'Credential id, unique per owner (deployments refer to it); generated when omitted. An existing id of the same owner gets the new secret.',
    ),
  ),
  provider: str({ min: 1, max: 32, pattern: /^[a-z][a-z0-9-]*$/, patternHint: 'use a provider family name such as "openai".' }),
  secret: str({
    min: 1,
    max: 16_384,
    description: 'The provider API key (or a JSON object with apiKey and extras). Stored encrypted; never returned.',
  }),
});

/** Metadata only: the sealed secret never leaves the control plane. */
const credentialView = (c: CredentialEntity) => ({
  id: c.id,
  tenant_id: c.tenantId,
  provider: c.provider,
  kek_id: c.kekId,
  created_at_ms: c.createdAtMs,
});
const CREDENTIAL_SCHEMA = objectSchema({ id: S.string, tenant_id: S.string, provider: S.string, kek_id: S.string, created_at_ms: S.int });

function requireCredential(call: AdminCall<unknown>, tenantId: string): CredentialEntity {
  const id = call.params['credentialId'] ?? '';
  const credential = call.deps.state.credential(tenantId, id);
  if (!credential) throw notFound('provider credential', id);
  return credential;
}

function credentialRoutes(scope: Scope) {
  const base = `${scopePrefix(scope)}/provider-credentials`;
  const [read, write] =
    scope === 'tenant' ? (['credential.read', 'credential.write'] as const) : (['platform.manage', 'platform.manage'] as const);
  const owner = scope === 'tenant' ? "the tenant's own (BYO)" : 'platform';
  return [
    route({
      method: 'GET',
      path: base,
      permission: read,
      tag: 'provider-credentials',
      summary: `List ${owner} provider credentials (metadata only)`,
      response: listSchema(CREDENTIAL_SCHEMA),
      handle: (call) => {
        const tenantId = scopeTenantId(call, scope);
        return listOf([...call.deps.state.credentials.values()].filter((c) => c.tenantId === tenantId).map(credentialView));
      },
    }),
    route({
      method: 'POST',
      path: base,
      permission: write,
      tag: 'provider-credentials',
      summary: `Store a ${owner} provider key, encrypted (AES-256-GCM); the secret is accepted once and never returned`,
      body: credentialBody,
      response: CREDENTIAL_SCHEMA,
      handle: async (call) => {
        const tenantId = scopeTenantId(call, scope);
        const cipher = call.deps.cipher;
        if (!cipher) throw unavailable('Provider credentials cannot be stored: no key-encryption key is configured (SWITCHYARD_KEKS).');
        const id = call.body.id ?? `cred_${randomBytes(6).toString('hex')}`;
        const credential = ProviderCredential.fromPartial({
          id,
          tenantId,
          provider: call.body.provider,
          createdAtMs: call.nowMs,
          ...cipher.seal(call.body.secret, id),
        });
        await call.write({ $case: 'providerCredential', providerCredential: credential });
        return credentialView(credential);
      },
    }),
    route({
      method: 'DELETE',
      path: `${base}/{credentialId}`,
      permission: write,
      tag: 'provider-credentials',
      summary: `Delete a ${owner} provider credential (refused while deployments use it)`,
      response: DELETED_SCHEMA,
      conflicts: 'Deployments still use the credential',
      handle: async (call) => {
        const credential = requireCredential(call, scopeTenantId(call, scope));
        call.checkReferences({ kind: 'provider_credential', tenantId: credential.tenantId, id: credential.id });
        await call.write({ $case: 'providerCredential', providerCredential: credential }, true);
        return { id: credential.id, deleted: true };
      },
    }),
  ];
}

export const providerCredentialRoutes = [...credentialRoutes('platform'), ...credentialRoutes('tenant')];
