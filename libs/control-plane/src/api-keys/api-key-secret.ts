import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A freshly issued key. `plaintext` is shown to the caller once and never stored. */
export interface IssuedApiKey {
  readonly id: string;
  readonly prefix: string;
  readonly plaintext: string;
  readonly secretHash: string;
}

const KEY_PATTERN = /^(sy_(?:live|test)_[0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

/** `sy_live_<16 hex id>_<43 chars base64url = 256 random bits>`. */
export function issueApiKey(environment: 'live' | 'test' = 'live'): IssuedApiKey {
  const id = randomBytes(8).toString('hex');
  const prefix = `sy_${environment}_${id}`;
  const plaintext = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { id: `key_${id}`, prefix, plaintext, secretHash: hashApiKey(plaintext) };
}

/** The lookup prefix of a presented key, or undefined when it is not one of ours. */
export function apiKeyPrefix(presented: string): string | undefined {
  return KEY_PATTERN.exec(presented)?.[1];
}

/**
 * SHA-256 is enough here: keys carry 256 random bits, so there is nothing to
 * brute-force, and lookups stay fast on the hot path.
 */
export function hashApiKey(plaintext: string): string {
  return createHash('sha256').update(plaintext, 'utf8').digest('hex');
}

export function apiKeyMatches(presented: string, storedHash: string): boolean {
  const a = Buffer.from(hashApiKey(presented), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
