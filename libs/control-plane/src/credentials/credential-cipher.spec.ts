import { randomBytes } from 'node:crypto';
import { CredentialCipher, parseKeyEncryptionKeys } from './credential-cipher';

describe('CredentialCipher', () => {
  const kek1 = randomBytes(32);
  const kek2 = randomBytes(32);

  it('round-trips and keeps the plaintext out of the sealed form', () => {
    const cipher = new CredentialCipher(new Map([['k1', kek1]]), 'k1');
    const sealed = cipher.seal('sk-live-provider-secret', 'cred_1');
    expect(JSON.stringify(sealed)).not.toContain('provider-secret');
    expect(cipher.open(sealed, 'cred_1')).toBe('sk-live-provider-secret');
  });

  it('refuses a ciphertext moved to another record or tampered with', () => {
    const cipher = new CredentialCipher(new Map([['k1', kek1]]), 'k1');
    const sealed = cipher.seal('secret', 'cred_1');
    expect(() => cipher.open(sealed, 'cred_2')).toThrow();
    const flipped = Buffer.from(sealed.ciphertextB64, 'base64');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => cipher.open({ ...sealed, ciphertextB64: flipped.toString('base64') }, 'cred_1')).toThrow();
  });

  it('still opens secrets sealed under a previous KEK after rotation', () => {
    const old = new CredentialCipher(new Map([['k1', kek1]]), 'k1');
    const sealed = old.seal('secret', 'cred_1');
    const rotated = new CredentialCipher(
      new Map([
        ['k2', kek2],
        ['k1', kek1],
      ]),
      'k2',
    );
    expect(rotated.open(sealed, 'cred_1')).toBe('secret');
    expect(rotated.seal('x', 'cred_1').kekId).toBe('k2');
  });

  it('parses KEK specs and rejects short keys', () => {
    const parsed = parseKeyEncryptionKeys(`k2:${kek2.toString('base64')},k1:${kek1.toString('base64')}`);
    expect(parsed.currentKekId).toBe('k2');
    expect(() => parseKeyEncryptionKeys('k1:c2hvcnQ=')).toThrow('must decode to 32 bytes');
  });
});
