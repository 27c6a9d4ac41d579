import { createHmac } from 'node:crypto';

/** The pseudonym of one tenant's end user (the OpenAI `user` / Anthropic `metadata.user_id` value). */
export type EndUserPseudonym = (endUser: string) => string;

const TENANT_KEY_LABEL = 'switchyard/pii/end-user-pseudonym/v1';

/**
 * Stable keyed pseudonyms for end-user ids: `eu_` + HMAC-SHA256 under a
 * per-tenant key (itself an HMAC of the platform secret and the tenant id),
 * truncated to 128 bits. The same user of one tenant always gets the same
 * pseudonym, on every ingress replica and across restarts, so A/B stickiness
 * and per-end-user analytics keep working under a PII policy; without the
 * platform secret it cannot be reversed or recomputed from a guessed id, and
 * one tenant's pseudonyms say nothing about another's.
 */
export class EndUserPseudonyms {
  private readonly tenantKeys = new Map<string, Buffer>();

  constructor(private readonly secret: Buffer) {
    if (secret.length < 32) throw new Error('the end-user pseudonym key must be at least 32 bytes');
  }

  /** From the setting's value: base64 of at least 32 random bytes. */
  static fromBase64(value: string): EndUserPseudonyms {
    return new EndUserPseudonyms(Buffer.from(value.trim(), 'base64'));
  }

  forTenant(tenantId: string): EndUserPseudonym {
    const key = this.tenantKey(tenantId);
    return (endUser) => (endUser ? `eu_${createHmac('sha256', key).update(endUser).digest().subarray(0, 16).toString('hex')}` : '');
  }

  private tenantKey(tenantId: string): Buffer {
    let key = this.tenantKeys.get(tenantId);
    if (!key) {
      key = createHmac('sha256', this.secret).update(`${TENANT_KEY_LABEL}\u0000${tenantId}`).digest();
      this.tenantKeys.set(tenantId, key);
    }
    return key;
  }
}
