import type { ErrorInfo, RequestContext } from '@switchyard/contracts';

/** What a gate is asked about: who is calling and what the request routes to. */
export interface GateSubject {
  readonly context: RequestContext;
  /** The model, alias or policy the request routes to (after the feature's route and the allow-lists). */
  readonly name: string;
  readonly endpoint: 'chat' | 'embeddings' | 'moderations' | 'count_tokens' | 'transcriptions' | 'speech' | 'images';
}

export type GateVerdict =
  | { readonly action: 'proceed' }
  /** Route to another model, alias or policy instead (e.g. downgrade to a cheaper alias); `policy` labels the trace. */
  | { readonly action: 'reroute'; readonly name: string; readonly policy?: string }
  /** Refuse with this error (e.g. budget exhausted: QUOTA_EXCEEDED, or throttled: RATE_LIMITED with retryAfterMs). */
  | { readonly action: 'refuse'; readonly error: ErrorInfo };

/**
 * Consulted for every request before it is planned. The seam where quota
 * decisions (block, downgrade, throttle) apply; a gate that needs to hold a
 * request back may return a promise. Must be fast: it is on the hot path.
 */
export interface RequestGate {
  admit(subject: GateSubject): GateVerdict | Promise<GateVerdict>;
}

const PROCEED: GateVerdict = { action: 'proceed' };

/** Lets everything through. */
export const OPEN_GATE: RequestGate = { admit: () => PROCEED };
