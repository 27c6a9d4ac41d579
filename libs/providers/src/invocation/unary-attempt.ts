import { Usage } from '@switchyard/contracts';
import type { AttemptInfo, Cost, DeploymentTarget, ErrorInfo, RateLimitInfo, RequestContext } from '@switchyard/contracts';
import type { FamilyCodec, Mapped, UpstreamCredential, UpstreamHeaders, UpstreamRequest } from '../provider-adapter';
import { transportError } from '../upstream/transport-error';
import { readBody, UpstreamClient } from '../upstream/upstream-client';
import type { AttemptEndpoint } from './attempt-outcome';
import type { Deadline } from './deadline';
import { elapsed, micros, unsupported } from './attempt-failures';
import { providerError } from './provider-error';

/** One attempt of a one-shot (unary, non-chat) call, as the router sends it. */
export interface UnaryInvocation<Req> {
  readonly context: RequestContext;
  readonly target: DeploymentTarget;
  readonly request: Req;
  readonly attempt?: AttemptInfo | undefined;
}

/**
 * How one kind of one-shot call (embeddings, moderations, token counts) maps
 * onto a family: whether it has it, its request, and how its answer reads.
 */
export interface UnaryCall<Req, Res> {
  readonly endpoint: AttemptEndpoint;
  /** The client-facing sentence when the family cannot serve the call; undefined when it can. */
  refusal(adapter: FamilyCodec, request: Req, target: DeploymentTarget): string | undefined;
  /**
   * The caller's own mistake for this deployment (e.g. an image size its model
   * lacks): answered at once, before anything is sent, and not recorded as usage.
   */
  rejection?(request: Req, target: DeploymentTarget): ErrorInfo | undefined;
  /** An answer made without calling the provider (e.g. a token count the family has no endpoint for); undefined: call it. */
  local?(adapter: FamilyCodec, request: Req): Res | undefined;
  request(adapter: FamilyCodec, target: DeploymentTarget, request: Req, credential: UpstreamCredential): UpstreamRequest;
  response(adapter: FamilyCodec, status: number, headers: UpstreamHeaders, body: Buffer): Mapped<Res>;
  /** Completes the answer (model name, usage) and returns what the attempt used, as recorded. */
  settle(request: Req, response: Res, target: DeploymentTarget): Usage;
}

/** The attempt's answer; the caller wraps it in its reply message (EmbedInvokeResponse, …). */
export interface UnaryAnswer<Res> {
  readonly outcome: { $case: 'response'; response: Res } | { $case: 'error'; error: ErrorInfo };
  readonly latencyMs?: number;
  readonly rateLimit?: RateLimitInfo;
  readonly upstreamUs?: number;
  readonly cost?: Cost | undefined;
}

/** What the attempt executor lends a one-shot call: its preparation, HTTP client and recorder. */
export interface UnaryAttemptIo {
  send: UpstreamClient['send'];
  prepare(
    invocation: UnaryInvocation<unknown>,
  ): { adapter: FamilyCodec; credential: UpstreamCredential; deadline: Deadline } | { error: ErrorInfo };
  record(
    invocation: UnaryInvocation<unknown>,
    endpoint: AttemptEndpoint,
    usage: Usage,
    latencyMs: number,
    error?: ErrorInfo,
  ): Cost | undefined;
}

const ZERO_USAGE = Usage.fromPartial({});

/** Runs one attempt of a one-shot call; every outcome, success or failure, is recorded once as a usage event. */
export async function runUnaryAttempt<Req, Res>(
  io: UnaryAttemptIo,
  invocation: UnaryInvocation<Req>,
  call: UnaryCall<Req, Res>,
): Promise<UnaryAnswer<Res>> {
  const started = performance.now();
  const fail = (error: ErrorInfo): UnaryAnswer<Res> => {
    io.record(invocation, call.endpoint, ZERO_USAGE, elapsed(started), error);
    return { outcome: { $case: 'error', error } };
  };
  const rejected = call.rejection?.(invocation.request, invocation.target);
  if (rejected) return { outcome: { $case: 'error', error: rejected } };
  const prepared = io.prepare(invocation);
  if ('error' in prepared) return fail(prepared.error);
  const { adapter, credential, deadline } = prepared;
  try {
    const refusal = call.refusal(adapter, invocation.request, invocation.target);
    if (refusal) return fail(unsupported(refusal));
    const local = call.local?.(adapter, invocation.request);
    if (local) {
      const latencyMs = elapsed(started);
      const cost = io.record(invocation, call.endpoint, call.settle(invocation.request, local, invocation.target), latencyMs);
      return { outcome: { $case: 'response', response: local }, latencyMs, upstreamUs: 0, cost };
    }
    const sent = performance.now();
    const res = await io.send(
      call.request(adapter, invocation.target, invocation.request, credential),
      { firstByteMs: deadline.remainingMs(), idleMs: deadline.remainingMs() },
      deadline.signal,
    );
    const raw = await readBody(res.body);
    const upstreamUs = micros(sent);
    const mapped = call.response(adapter, res.status, res.headers, raw);
    const latencyMs = elapsed(started);
    const rateLimit = adapter.rateLimit(res.headers);
    if (!mapped.ok) {
      const error = providerError(mapped.error, invocation.target);
      const cost = io.record(invocation, call.endpoint, ZERO_USAGE, latencyMs, error);
      return { outcome: { $case: 'error', error }, latencyMs, rateLimit, upstreamUs, cost };
    }
    const cost = io.record(invocation, call.endpoint, call.settle(invocation.request, mapped.value, invocation.target), latencyMs);
    return { outcome: { $case: 'response', response: mapped.value }, latencyMs, rateLimit, upstreamUs, cost };
  } catch (error) {
    return fail(transportError(error, false, deadline.expired()));
  } finally {
    deadline.dispose();
  }
}
