import { createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto';

/**
 * Service tokens: compact JWTs (EdDSA over Ed25519) naming the calling service
 * (`iss`), the called one (`aud`) and a short validity. One fixed header, so a
 * token can never pick its own algorithm.
 */
const HEADER = Buffer.from(JSON.stringify({ alg: 'EdDSA', typ: 'JWT' })).toString('base64url');

/** Lifetime of a token the client signs; it signs a new one after half of it. */
export const SERVICE_TOKEN_LIFETIME_MS = 5 * 60_000;
/** Longest validity a server accepts, whatever the token claims. */
export const SERVICE_TOKEN_MAX_LIFETIME_MS = 10 * 60_000;
/** Clock skew tolerated between replicas for `iat`. */
export const SERVICE_TOKEN_CLOCK_SKEW_MS = 60_000;

export interface ServiceTokenClaims {
  /** The calling service. */
  readonly caller: string;
  /** The service the token is for. */
  readonly audience: string;
  readonly issuedAtMs: number;
  readonly expiresAtMs: number;
}

export type TokenCheck = { readonly ok: true; readonly claims: ServiceTokenClaims } | { readonly ok: false; readonly reason: string };

/** Public keys of peers by service name; two per name while a key is rotated. */
export type PeerKeys = ReadonlyMap<string, readonly KeyObject[]>;

export function signServiceToken(privateKey: KeyObject, claims: ServiceTokenClaims): string {
  const payload = Buffer.from(
    JSON.stringify({
      iss: claims.caller,
      aud: claims.audience,
      iat: Math.floor(claims.issuedAtMs / 1000),
      exp: Math.floor(claims.expiresAtMs / 1000),
    }),
  ).toString('base64url');
  const signingInput = `${HEADER}.${payload}`;
  return `${signingInput}.${sign(null, Buffer.from(signingInput), privateKey).toString('base64url')}`;
}

/** Checks a token's signature (against the keys of the service it names), audience and validity at `nowMs`. */
export function verifyServiceToken(token: string, peers: PeerKeys, audience: string, nowMs: number): TokenCheck {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== HEADER) return { ok: false, reason: 'malformed service token' };
  const claims = readClaims(parts[1] ?? '');
  if (!claims) return { ok: false, reason: 'malformed service token' };
  const keys = peers.get(claims.caller);
  if (!keys?.length) return { ok: false, reason: `no public key is known for service "${claims.caller}"` };
  const signingInput = Buffer.from(`${parts[0]}.${parts[1]}`);
  const signature = Buffer.from(parts[2] ?? '', 'base64url');
  if (!keys.some((key) => verify(null, signingInput, key, signature))) {
    return { ok: false, reason: `the service token of "${claims.caller}" has a bad signature` };
  }
  if (claims.audience !== audience) return { ok: false, reason: `the service token is for "${claims.audience}", not "${audience}"` };
  if (claims.expiresAtMs <= nowMs) return { ok: false, reason: 'the service token has expired' };
  if (claims.issuedAtMs > nowMs + SERVICE_TOKEN_CLOCK_SKEW_MS) return { ok: false, reason: 'the service token is not valid yet' };
  if (claims.expiresAtMs - claims.issuedAtMs > SERVICE_TOKEN_MAX_LIFETIME_MS) {
    return { ok: false, reason: 'the service token is valid for too long' };
  }
  return { ok: true, claims };
}

function readClaims(payload: string): ServiceTokenClaims | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { iss, aud, iat, exp } = raw as Record<string, unknown>;
  if (typeof iss !== 'string' || typeof aud !== 'string' || !Number.isInteger(iat) || !Number.isInteger(exp)) return undefined;
  return { caller: iss, audience: aud, issuedAtMs: (iat as number) * 1000, expiresAtMs: (exp as number) * 1000 };
}

/** An Ed25519 private key from PEM or base64 of PKCS#8 DER. */
export function parsePrivateKey(text: string): KeyObject {
  const key = text.includes('-----BEGIN')
    ? createPrivateKey(text)
    : createPrivateKey({ key: Buffer.from(text.trim(), 'base64'), format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Error(`expected an Ed25519 private key, got ${key.asymmetricKeyType ?? 'another kind'}`);
  return key;
}

/** An Ed25519 public key from PEM or base64 of SPKI DER. */
export function parsePublicKey(text: string): KeyObject {
  const key = text.includes('-----BEGIN')
    ? createPublicKey(text)
    : createPublicKey({ key: Buffer.from(text.trim(), 'base64'), format: 'der', type: 'spki' });
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Error(`expected an Ed25519 public key, got ${key.asymmetricKeyType ?? 'another kind'}`);
  return key;
}

/** "name=base64(SPKI)[,name=...]"; a name listed twice has two keys (rotation). */
export function parsePeerKeys(text: string): PeerKeys {
  const peers = new Map<string, KeyObject[]>();
  for (const entry of text.split(',').map((s) => s.trim())) {
    if (!entry) continue;
    const at = entry.indexOf('=');
    const name = entry.slice(0, at).trim();
    if (at <= 0 || !name) throw new Error(`expected "service=publicKey", got "${entry.slice(0, 40)}"`);
    let key: KeyObject;
    try {
      key = parsePublicKey(entry.slice(at + 1));
    } catch (error) {
      throw new Error(`the public key of "${name}" is not an Ed25519 SPKI key (${error instanceof Error ? error.message : String(error)})`);
    }
    peers.set(name, [...(peers.get(name) ?? []), key]);
  }
  return peers;
}

/** base64 of the SPKI DER form of a public key (or of a private key's public half): what SERVICE_IDENTITY_PEERS lists. */
export function publicKeyText(key: KeyObject): string {
  const publicKey = key.type === 'public' ? key : createPublicKey(key);
  return publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
}

/** base64 of the PKCS#8 DER form: what SERVICE_IDENTITY_KEY holds. */
export function privateKeyText(key: KeyObject): string {
  return key.export({ format: 'der', type: 'pkcs8' }).toString('base64');
}
