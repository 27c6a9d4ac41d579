import { randomBytes } from 'node:crypto';
import { hashApiKey } from '../api-keys/api-key-secret';

export interface IssuedAdminToken {
  readonly id: string;
  readonly prefix: string;
  readonly plaintext: string;
  readonly secretHash: string;
}

const TOKEN_PATTERN = /^(sya_[0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

/** `sya_<16 hex id>_<43 chars base64url = 256 random bits>`; distinct from data-plane keys (`sy_live_…`). */
export function issueAdminToken(): IssuedAdminToken {
  const id = randomBytes(8).toString('hex');
  const prefix = `sya_${id}`;
  const plaintext = `${prefix}_${randomBytes(32).toString('base64url')}`;
  return { id: `atk_${id}`, prefix, plaintext, secretHash: hashApiKey(plaintext) };
}

export function adminTokenPrefix(presented: string): string | undefined {
  return TOKEN_PATTERN.exec(presented)?.[1];
}
