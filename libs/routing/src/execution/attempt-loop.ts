import { AttemptRecord, ErrorClass, ErrorInfo } from '@switchyard/contracts';
import type { Deployment, RateLimitInfo, RoutingTrace } from '@switchyard/contracts';
import type { DeploymentHealth } from '../health/deployment-health';
import type { AttemptCost } from '../throttling/deployment-throttle';
import { backoffMs, failureKind, isDeploymentFault } from './failover';

/** How one attempt went, as the loop needs to know it. */
export interface AttemptReport<T> {
  /** Set on success. */
  readonly value: T | undefined;
  /** Set on failure. */
  readonly error: ErrorInfo | undefined;
  readonly latencyMs: number;
  readonly rateLimit: RateLimitInfo | undefined;
  /** Microseconds the provider itself took, as provider-adapters measured it; 0 when unknown. */
  readonly upstreamUs?: number;
  /** The attempt never reached the provider (provider-adapters unreachable): not the deployment's fault. */
  readonly local?: boolean;
  /** The caller's own limits refused it (AttemptRefused): the request ends with this error. */
  readonly final?: boolean;
}

export interface LoopSettings {
  /** Attempts per request, failovers and retries included; a provider 429 the request then waits out is not one. */
  readonly maxAttempts: number;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** Longest a request waits for rate-limit capacity before it is refused with 429. */
  readonly queueMaxWaitMs: number;
  /** Longest a request waits for rate-limit capacity in total, over every wait (its own bound, not maxAttempts). */
  readonly rateLimitMaxWaitMs: number;
}

export interface LoopRequest<T> {
  readonly candidates: readonly Deployment[];
  /** Epoch ms; 0 means none (the router sets one on every request it receives). */
  readonly deadlineAtMs: number;
  readonly cost: AttemptCost;
  readonly signal?: AbortSignal;
  attempt(deployment: Deployment, number: number): Promise<AttemptReport<T>>;
}

/** Told about every finished attempt (metrics). */
export type AttemptListener = (deploymentId: string, errorClass: ErrorClass | undefined, latencyMs: number) => void;

export type LoopResult<T> =
  { readonly ok: true; readonly value: T; readonly deployment: Deployment } | { readonly ok: false; readonly error: ErrorInfo };

/**
 * Runs a request over its ranked candidates: skips deployments whose breaker
 * is open, takes rate-limit capacity (failing over instantly to a deployment
 * that has some, or waiting in a bounded queue when none has), fails over at
 * once on errors another deployment may not have, retries the chain with a
 * jittered backoff when every deployment failed transiently, and never runs
 * past the request's deadline. Every attempt lands in the trace.
 */
export class AttemptLoop {
  constructor(
    private readonly health: DeploymentHealth,
    private readonly settings: LoopSettings,
    private readonly now: () => number = Date.now,
    private readonly random: () => number = Math.random,
    private readonly onAttempt: AttemptListener = () => undefined,
  ) {}

  async run<T>(request: LoopRequest<T>, trace: RoutingTrace): Promise<LoopResult<T>> {
    const excluded = new Set<string>();
    let tried = new Set<string>();
    let round = 0;
    let lastError: ErrorInfo | undefined;
    let retryable = false;
    // Attempts that count against maxAttempts: a provider 429 that paused its deployment
    // is waited out in the queue (bounded by rateLimitMaxWaitMs), not spent as a failure.
    let counted = 0;
    let waitedMs = 0;
    while (counted < this.settings.maxAttempts) {
      if (request.signal?.aborted) return failed(ErrorClass.ERROR_CLASS_STREAM_INTERRUPTED, 'The caller went away.');
      const remainingMs = request.deadlineAtMs > 0 ? request.deadlineAtMs - this.now() : Number.POSITIVE_INFINITY;
      if (remainingMs <= 0) return { ok: false, error: deadlinePassed(lastError, trace.attempts) };
      const open: Deployment[] = [];
      const usable = request.candidates.filter((d) => {
        if (excluded.has(d.id) || tried.has(d.id)) return false;
        if (this.health.breakers.allows(d.id)) return true;
        open.push(d);
        return false;
      });
      if (usable.length === 0) {
        if (!retryable) {
          if (lastError === undefined && open.length > 0) return { ok: false, error: this.allOpen(open) };
          break;
        }
        round += 1;
        tried = new Set();
        retryable = false;
        await sleep(
          Math.min(backoffMs(round, this.settings.retryBaseMs, this.settings.retryMaxMs, this.random), remainingMs),
          request.signal,
        );
        continue;
      }
      const waitBudgetMs = Math.max(0, this.settings.rateLimitMaxWaitMs - waitedMs);
      const admitted = await this.admit(usable, request.cost, Math.min(remainingMs, waitBudgetMs), request.signal, trace);
      if (!admitted.ok) return admitted;
      waitedMs += admitted.waitedMs;
      const deployment = admitted.deployment;
      const guarded = await this.health.breakers.run(
        deployment.id,
        () => request.attempt(deployment, trace.attempts + 1),
        (r) => !r.local && r.error !== undefined && isDeploymentFault(r.error.errorClass),
      );
      if (!guarded.ran) {
        // Another request took the half-open probe while this one waited for capacity.
        this.health.throttle(deployment).refund(request.cost);
        tried.add(deployment.id);
        continue;
      }
      const report = guarded.value;
      record(trace, deployment, report);
      this.observe(deployment, report, request.cost);
      if (!isWaitedOut(report, this.health.throttle(deployment).pausedForMs)) counted += 1;
      this.onAttempt(deployment.id, report.error?.errorClass, report.latencyMs);
      if (report.error === undefined) return { ok: true, value: report.value as T, deployment };
      if (report.final) return { ok: false, error: report.error };
      lastError = report.error;
      const kind = failureKind(report.error.errorClass);
      if (kind === 'stop') break;
      if (kind === 'failover') excluded.add(deployment.id);
      if (kind === 'retry') {
        tried.add(deployment.id);
        retryable = true;
      }
      // rate-limited: the throttle now holds the deployment back; a later pass may wait for it.
    }
    return {
      ok: false,
      error:
        lastError ??
        ErrorInfo.fromPartial({ errorClass: ErrorClass.ERROR_CLASS_NO_DEPLOYMENT, message: 'No deployment could serve the request.' }),
    };
  }

  /** A deployment with capacity now, else a place in the queue of the one that frees up first. */
  private async admit(
    usable: readonly Deployment[],
    cost: AttemptCost,
    remainingMs: number,
    signal: AbortSignal | undefined,
    trace: RoutingTrace,
  ): Promise<{ ok: true; deployment: Deployment; waitedMs: number } | { ok: false; error: ErrorInfo }> {
    for (const d of usable) if (this.health.throttle(d).tryTake(cost)) return { ok: true, deployment: d, waitedMs: 0 };
    let best = usable[0]!;
    let bestWait = Number.POSITIVE_INFINITY;
    for (const d of usable) {
      const wait = this.health.throttle(d).msUntilAvailable(cost);
      if (wait < bestWait) [best, bestWait] = [d, wait];
    }
    const admission = await this.health.throttle(best).take(cost, Math.min(this.settings.queueMaxWaitMs, remainingMs), signal);
    if (admission.ok) {
      trace.queueWaitMs += admission.waitedMs;
      return { ok: true, deployment: best, waitedMs: admission.waitedMs };
    }
    if (admission.reason === 'cancelled') return failed(ErrorClass.ERROR_CLASS_STREAM_INTERRUPTED, 'The caller went away.');
    const seconds = Math.max(1, Math.ceil(admission.retryAfterMs / 1000));
    return {
      ok: false,
      error: ErrorInfo.fromPartial({
        errorClass: ErrorClass.ERROR_CLASS_RATE_LIMITED,
        message: `Every deployment that can serve this request is at its rate limit${admission.reason === 'queue_full' ? ' and its queue is full' : ''}; retry in ${seconds} s.`,
        retryAfterMs: Math.max(1000, admission.retryAfterMs),
      }),
    };
  }

  private observe(deployment: Deployment, report: AttemptReport<unknown>, cost: AttemptCost): void {
    const throttle = this.health.throttle(deployment);
    if (report.local) {
      throttle.refund(cost);
      return;
    }
    const errorClass = report.error?.errorClass;
    throttle.observe(report.rateLimit, errorClass === ErrorClass.ERROR_CLASS_RATE_LIMITED, report.error?.retryAfterMs ?? 0);
    if (errorClass === undefined) this.health.observe(deployment.id, report.latencyMs, true);
    else if (isDeploymentFault(errorClass)) this.health.observe(deployment.id, report.latencyMs, false);
  }

  private allOpen(open: readonly Deployment[]): ErrorInfo {
    const waitMs = Math.min(...open.map((d) => this.health.breakers.msUntilProbe(d.id)));
    return ErrorInfo.fromPartial({
      errorClass: ErrorClass.ERROR_CLASS_NO_DEPLOYMENT,
      message: `Every deployment that can serve this request is failing (circuit breakers open: ${open.map((d) => d.id).join(', ')}).`,
      retryAfterMs: Math.max(1000, waitMs),
    });
  }
}

/** A provider 429 that paused its deployment: the next pass waits for it rather than failing again at once. */
export function isWaitedOut(report: AttemptReport<unknown>, pausedForMs: number): boolean {
  return !report.final && report.error?.errorClass === ErrorClass.ERROR_CLASS_RATE_LIMITED && pausedForMs > 0;
}

function record(trace: RoutingTrace, deployment: Deployment, report: AttemptReport<unknown>): void {
  trace.attempts += 1;
  trace.deploymentId = deployment.id;
  trace.provider = deployment.provider;
  trace.upstreamModel = deployment.upstreamModel;
  trace.publicModel = deployment.model;
  trace.region = deployment.region;
  trace.attemptRecords.push(
    AttemptRecord.fromPartial({
      number: trace.attempts,
      deploymentId: deployment.id,
      errorClass: report.error?.errorClass ?? ErrorClass.ERROR_CLASS_UNSPECIFIED,
      upstreamStatus: report.error ? report.error.upstreamStatus : 200,
      latencyMs: report.latencyMs,
      upstreamUs: report.upstreamUs ?? 0,
    }),
  );
}

function deadlinePassed(lastError: ErrorInfo | undefined, attempts: number): ErrorInfo {
  const detail = lastError ? ` The last attempt failed: ${lastError.message}` : '';
  return ErrorInfo.fromPartial({
    errorClass: ErrorClass.ERROR_CLASS_TIMEOUT,
    message: `The request's deadline passed after ${attempts} attempt(s).${detail}`,
  });
}

function failed(errorClass: ErrorClass, message: string): { ok: false; error: ErrorInfo } {
  return { ok: false, error: ErrorInfo.fromPartial({ errorClass, message }) };
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
