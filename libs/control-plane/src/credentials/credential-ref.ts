/** Which provider credential a deployment uses: its owner ('' for the platform) and its id within that owner. */
export interface CredentialRef {
  readonly tenantId: string;
  readonly credentialId: string;
}

const PREFIX = 'cred:';

/**
 * A deployment's credential reference: "cred:<id>" names a platform
 * credential, "cred:<tenant id>/<id>" a tenant's own (BYO) one. Credential ids
 * are unique per owner only, so the owner is part of the reference.
 */
export function credentialRef(tenantId: string, credentialId: string): string {
  return tenantId === '' ? `${PREFIX}${credentialId}` : `${PREFIX}${tenantId}/${credentialId}`;
}

export function parseCredentialRef(ref: string): CredentialRef | undefined {
  if (!ref.startsWith(PREFIX)) return undefined;
  const body = ref.slice(PREFIX.length);
  const slash = body.indexOf('/');
  const ownerAndId =
    slash < 0 ? { tenantId: '', credentialId: body } : { tenantId: body.slice(0, slash), credentialId: body.slice(slash + 1) };
  return ownerAndId.credentialId === '' ? undefined : ownerAndId;
}
