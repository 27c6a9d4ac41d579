import { status } from '@grpc/grpc-js';
import type {
  handleServerStreamingCall,
  handleUnaryCall,
  Metadata,
  sendUnaryData,
  ServerErrorResponse,
  ServerUnaryCall,
  ServiceDefinition,
  UntypedHandleCall,
  UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { mayCall, ServiceName } from '../../topology/service-topology';
import { PeerKeys, ServiceTokenClaims, verifyServiceToken } from './service-token';

/** The gRPC metadata key that carries the caller's service token. */
export const SERVICE_TOKEN_METADATA = 'x-switchyard-service-token';

export interface Refusal {
  readonly code: status.UNAUTHENTICATED | status.PERMISSION_DENIED;
  readonly details: string;
}

// Tokens are re-signed every few minutes per caller replica: a handful are live at once.
const MAX_CACHED_TOKENS = 10_000;

/**
 * The server side: a call passes with a valid token of a service that
 * SERVICE_TOPOLOGY lets call this one. A token verified once is remembered
 * until it expires, so a call costs one map lookup, not a signature check.
 */
export class ServiceTokenGuard {
  private readonly verified = new Map<string, ServiceTokenClaims>();

  constructor(
    readonly self: ServiceName,
    private readonly peers: PeerKeys,
    private readonly now: () => number = Date.now,
  ) {}

  /** Undefined when the call may go on. */
  check(token: string | undefined): Refusal | undefined {
    if (!token) return { code: status.UNAUTHENTICATED, details: `${this.self} needs a service token (${SERVICE_TOKEN_METADATA})` };
    const now = this.now();
    let claims = this.verified.get(token);
    if (claims && claims.expiresAtMs <= now) {
      this.verified.delete(token);
      claims = undefined;
    }
    if (!claims) {
      const result = verifyServiceToken(token, this.peers, this.self, now);
      if (!result.ok) return { code: status.UNAUTHENTICATED, details: result.reason };
      claims = result.claims;
      if (this.verified.size >= MAX_CACHED_TOKENS) this.verified.clear();
      this.verified.set(token, claims);
    }
    if (!mayCall(claims.caller, this.self)) {
      return { code: status.PERMISSION_DENIED, details: `${claims.caller} may not call ${this.self} (SERVICE_TOPOLOGY)` };
    }
    return undefined;
  }

  checkMetadata(metadata: Metadata): Refusal | undefined {
    const value = metadata.get(SERVICE_TOKEN_METADATA)[0];
    return this.check(typeof value === 'string' ? value : undefined);
  }
}

/**
 * Wraps each handler of a service so the call is checked before it runs: once
 * per call, and for a stream once when it opens (its messages are not checked
 * again). A refused call ends with the refusal's status and never reaches the handler.
 */
export function guardImplementation(
  definition: ServiceDefinition,
  implementation: UntypedServiceImplementation,
  refuse: (metadata: Metadata) => Refusal | undefined,
): UntypedServiceImplementation {
  const guarded: UntypedServiceImplementation = {};
  for (const [name, handler] of Object.entries(implementation)) {
    const method = definition[name];
    if (!method) throw new Error(`${name} is not a method of the service it is registered for`);
    guarded[name] = method.responseStream ? guardStream(handler, refuse) : guardAnswer(handler, refuse);
  }
  return guarded;
}

function errorOf(refusal: Refusal): ServerErrorResponse {
  return Object.assign(new Error(refusal.details), { code: refusal.code, details: refusal.details });
}

/** Unary and client-streaming calls: refused through their callback. */
function guardAnswer(handler: UntypedHandleCall, refuse: (metadata: Metadata) => Refusal | undefined): UntypedHandleCall {
  const answer = handler as handleUnaryCall<unknown, unknown>;
  const guarded: handleUnaryCall<unknown, unknown> = (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
    const refusal = refuse(call.metadata);
    if (refusal) callback(errorOf(refusal));
    else answer(call, callback);
  };
  return guarded as UntypedHandleCall;
}

/** Server-streaming and bidirectional calls: an error on the stream ends it with that status. */
function guardStream(handler: UntypedHandleCall, refuse: (metadata: Metadata) => Refusal | undefined): UntypedHandleCall {
  const stream = handler as handleServerStreamingCall<unknown, unknown>;
  const guarded: handleServerStreamingCall<unknown, unknown> = (call) => {
    const refusal = refuse(call.metadata);
    if (refusal) call.emit('error', errorOf(refusal));
    else stream(call);
  };
  return guarded as UntypedHandleCall;
}
