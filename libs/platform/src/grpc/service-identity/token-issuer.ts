import { InterceptingCall, Interceptor } from '@grpc/grpc-js';
import type { KeyObject } from 'node:crypto';
import type { ServiceName } from '../../topology/service-topology';
import { SERVICE_TOKEN_LIFETIME_MS, signServiceToken } from './service-token';
import { SERVICE_TOKEN_METADATA } from './token-guard';

/** The client side: one token per callee, signed again once half its lifetime has passed. */
export class ServiceTokenIssuer {
  private readonly tokens = new Map<string, { token: string; renewAtMs: number }>();

  constructor(
    readonly caller: ServiceName,
    private readonly privateKey: KeyObject,
    private readonly now: () => number = Date.now,
    private readonly lifetimeMs = SERVICE_TOKEN_LIFETIME_MS,
  ) {}

  tokenFor(audience: ServiceName): string {
    const now = this.now();
    const current = this.tokens.get(audience);
    if (current && now < current.renewAtMs) return current.token;
    const token = signServiceToken(this.privateKey, {
      caller: this.caller,
      audience,
      issuedAtMs: now,
      expiresAtMs: now + this.lifetimeMs,
    });
    this.tokens.set(audience, { token, renewAtMs: now + this.lifetimeMs / 2 });
    return token;
  }
}

/** Adds the caller's service token to the metadata of every call of a channel. */
export function serviceTokenInterceptor(token: () => string): Interceptor {
  return (options, nextCall) =>
    new InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        metadata.set(SERVICE_TOKEN_METADATA, token());
        next(metadata, listener);
      },
    });
}
