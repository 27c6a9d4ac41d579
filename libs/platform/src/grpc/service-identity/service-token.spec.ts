import { generateKeyPairSync } from 'node:crypto';
import { parsePeerKeys, parsePrivateKey, privateKeyText, publicKeyText, signServiceToken, verifyServiceToken } from './service-token';

const ingress = generateKeyPairSync('ed25519');
const rotated = generateKeyPairSync('ed25519');
const stranger = generateKeyPairSync('ed25519');
const NOW = 1_800_000_000_000;
const peers = parsePeerKeys(`ingress=${publicKeyText(ingress.publicKey)}`);
const claims = { caller: 'ingress', audience: 'router', issuedAtMs: NOW, expiresAtMs: NOW + 300_000 };

describe('service tokens', () => {
  it('verify when signed by the named caller for this audience within their validity', () => {
    const token = signServiceToken(ingress.privateKey, claims);
    expect(verifyServiceToken(token, peers, 'router', NOW + 1_000)).toEqual({ ok: true, claims });
  });

  it('refuse a token signed by another key, for another audience, expired, too long-lived or from the future', () => {
    const reasonOf = (token: string, now = NOW + 1_000, audience = 'router') => {
      const result = verifyServiceToken(token, peers, audience, now);
      return result.ok ? 'ok' : result.reason;
    };
    expect(reasonOf(signServiceToken(stranger.privateKey, claims))).toMatch(/bad signature/);
    expect(reasonOf(signServiceToken(ingress.privateKey, claims), NOW, 'provider-adapters')).toMatch(/is for "router"/);
    expect(reasonOf(signServiceToken(ingress.privateKey, claims), NOW + 300_000)).toMatch(/expired/);
    expect(reasonOf(signServiceToken(ingress.privateKey, { ...claims, expiresAtMs: NOW + 3_600_000 }))).toMatch(/too long/);
    expect(reasonOf(signServiceToken(ingress.privateKey, { ...claims, issuedAtMs: NOW + 120_000, expiresAtMs: NOW + 200_000 }))).toMatch(
      /not valid yet/,
    );
    expect(reasonOf(signServiceToken(ingress.privateKey, { ...claims, caller: 'metering' }))).toMatch(/no public key .* "metering"/);
  });

  it('refuse a token whose claims were changed after signing, or that is not a token', () => {
    const [header, payload, signature] = signServiceToken(ingress.privateKey, claims).split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()), aud: 'budget-enforcer' }),
    ).toString('base64url');
    expect(verifyServiceToken(`${header}.${forged}.${signature}`, peers, 'budget-enforcer', NOW)).toMatchObject({ ok: false });
    for (const junk of ['', 'a.b.c', 'x', `${header}.e30.${signature}`]) {
      expect(verifyServiceToken(junk, peers, 'router', NOW)).toEqual({ ok: false, reason: 'malformed service token' });
    }
  });

  it('accept either key of a peer listed twice (rotation)', () => {
    const both = parsePeerKeys(`ingress=${publicKeyText(ingress.publicKey)}, ingress=${publicKeyText(rotated.publicKey)}`);
    expect(verifyServiceToken(signServiceToken(ingress.privateKey, claims), both, 'router', NOW)).toMatchObject({ ok: true });
    expect(verifyServiceToken(signServiceToken(rotated.privateKey, claims), both, 'router', NOW)).toMatchObject({ ok: true });
  });
});

describe('key texts', () => {
  it('read a private key from base64 PKCS#8 or PEM, and refuse other kinds of keys', () => {
    const b64 = privateKeyText(ingress.privateKey);
    expect(publicKeyText(parsePrivateKey(b64))).toBe(publicKeyText(ingress.publicKey));
    const pem = ingress.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(publicKeyText(parsePrivateKey(pem))).toBe(publicKeyText(ingress.publicKey));
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => parsePrivateKey(rsa)).toThrow(/Ed25519/);
  });

  it('read peers as name=key pairs and name the peer whose key is wrong', () => {
    expect([...parsePeerKeys('').keys()]).toEqual([]);
    expect(() => parsePeerKeys('router')).toThrow(/service=publicKey/);
    expect(() => parsePeerKeys('router=bm90IGEga2V5')).toThrow(/"router"/);
  });
});
