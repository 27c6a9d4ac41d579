import { Metadata, status } from '@grpc/grpc-js';
import { generateKeyPairSync } from 'node:crypto';
import { parsePeerKeys, publicKeyText } from './service-token';
import { ServiceTokenGuard, SERVICE_TOKEN_METADATA } from './token-guard';
import { ServiceTokenIssuer } from './token-issuer';

const ingress = generateKeyPairSync('ed25519');
const metering = generateKeyPairSync('ed25519');
const peers = parsePeerKeys(`ingress=${publicKeyText(ingress.publicKey)},metering=${publicKeyText(metering.publicKey)}`);

describe('ServiceTokenGuard', () => {
  let now = 1_800_000_000_000;
  const clock = () => now;

  it('lets an allowed caller through and refuses the others with the right status', () => {
    const guard = new ServiceTokenGuard('router', peers, clock);
    expect(guard.check(new ServiceTokenIssuer('ingress', ingress.privateKey, clock).tokenFor('router'))).toBeUndefined();
    expect(guard.check(undefined)?.code).toBe(status.UNAUTHENTICATED);
    expect(guard.check('nonsense')?.code).toBe(status.UNAUTHENTICATED);
    const denied = guard.check(new ServiceTokenIssuer('metering', metering.privateKey, clock).tokenFor('router'));
    expect(denied).toEqual({ code: status.PERMISSION_DENIED, details: 'metering may not call router (SERVICE_TOPOLOGY)' });
  });

  it('verifies a token once, then remembers it until it expires', () => {
    const mutablePeers = new Map(peers);
    const guard = new ServiceTokenGuard('router', mutablePeers, clock);
    const token = new ServiceTokenIssuer('ingress', ingress.privateKey, clock).tokenFor('router');
    const md = new Metadata();
    md.set(SERVICE_TOKEN_METADATA, token);
    expect(guard.checkMetadata(md)).toBeUndefined();
    // Remembered: without the key a signature check would now fail, the lookup still passes.
    mutablePeers.delete('ingress');
    expect(guard.checkMetadata(md)).toBeUndefined();
    expect(new ServiceTokenGuard('router', mutablePeers, clock).check(token)?.code).toBe(status.UNAUTHENTICATED);
    now += 5 * 60_000;
    mutablePeers.set('ingress', peers.get('ingress') ?? []);
    expect(guard.check(token)).toEqual({ code: status.UNAUTHENTICATED, details: 'the service token has expired' });
  });
});

describe('ServiceTokenIssuer', () => {
  it('reuses its token per callee and signs a new one after half its lifetime', () => {
    let now = 1_800_000_000_000;
    const issuer = new ServiceTokenIssuer('ingress', ingress.privateKey, () => now, 60_000);
    const first = issuer.tokenFor('router');
    expect(issuer.tokenFor('router')).toBe(first);
    expect(issuer.tokenFor('provider-adapters')).not.toBe(first);
    now += 31_000;
    expect(issuer.tokenFor('router')).not.toBe(first);
  });
});
