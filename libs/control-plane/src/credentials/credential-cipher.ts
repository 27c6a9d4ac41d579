import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface SealedSecret {
  readonly ciphertextB64: string;
  readonly ivB64: string;
  readonly authTagB64: string;
  readonly kekId: string;
}

/**
 * Encrypts provider API keys at rest with AES-256-GCM under a key-encryption
 * key (KEK) from the environment. The record id is bound as additional data,
 * so a ciphertext copied onto another record does not decrypt.
 */
export class CredentialCipher {
  private readonly keys: ReadonlyMap<string, Buffer>;

  /** `keks` maps a KEK id to its 32-byte key; `currentKekId` encrypts new secrets. */
  constructor(
    keks: ReadonlyMap<string, Buffer>,
    /** The KEK new secrets are sealed with (the first of SWITCHYARD_KEKS). */
    readonly currentKekId: string,
  ) {
    for (const [id, key] of keks) if (key.length !== 32) throw new Error(`KEK ${id} must be 32 bytes`);
    if (!keks.has(currentKekId)) throw new Error(`unknown current KEK id ${currentKekId}`);
    this.keys = keks;
  }

  seal(plaintext: string, recordId: string): SealedSecret {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key(this.currentKekId), iv);
    cipher.setAAD(Buffer.from(recordId, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return {
      ciphertextB64: ciphertext.toString('base64'),
      ivB64: iv.toString('base64'),
      authTagB64: cipher.getAuthTag().toString('base64'),
      kekId: this.currentKekId,
    };
  }

  open(sealed: SealedSecret, recordId: string): string {
    const decipher = createDecipheriv('aes-256-gcm', this.key(sealed.kekId), Buffer.from(sealed.ivB64, 'base64'));
    decipher.setAAD(Buffer.from(recordId, 'utf8'));
    decipher.setAuthTag(Buffer.from(sealed.authTagB64, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertextB64, 'base64')), decipher.final()]).toString('utf8');
  }

  /** The same secret sealed again under the current KEK (after a KEK rotation), with a fresh IV. */
  reseal(sealed: SealedSecret, recordId: string): SealedSecret {
    return this.seal(this.open(sealed, recordId), recordId);
  }

  private key(id: string): Buffer {
    const key = this.keys.get(id);
    if (!key) throw new Error(`no key-encryption key with id ${id}`);
    return key;
  }
}

/** Parses "id1:base64key1,id2:base64key2"; the first is current. */
export function parseKeyEncryptionKeys(spec: string): { keks: Map<string, Buffer>; currentKekId: string } {
  const keks = new Map<string, Buffer>();
  for (const part of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [id, b64] = part.split(':');
    if (!id || !b64) throw new Error('key-encryption keys must look like "kek1:<base64 of 32 bytes>"');
    const key = Buffer.from(b64, 'base64');
    if (key.length !== 32) throw new Error(`key-encryption key ${id} must decode to 32 bytes, got ${key.length}`);
    keks.set(id, key);
  }
  const currentKekId = [...keks.keys()][0];
  if (!currentKekId) throw new Error('no key-encryption key configured');
  return { keks, currentKekId };
}
