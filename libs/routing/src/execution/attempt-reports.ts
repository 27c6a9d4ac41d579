import { AttemptInfo, ErrorClass, ErrorInfo, RoutingTrace } from '@switchyard/contracts';
import type { ChatRequest, Deployment, Invocation, RequestContext } from '@switchyard/contracts';
import { randomUUID } from 'node:crypto';
import type { RoutePlan } from '../planning/route-plan';
import type { AttemptReport } from './attempt-loop';
import { AttemptRefused } from './attempt-port';
import { deploymentTarget } from './deployment-target';

// What the route executor makes of one attempt: the invocation it sends and the report of its outcome.

export type Outcome<T> = { $case: 'response'; response: T } | { $case: 'error'; error: ErrorInfo } | undefined;

export function report<T>(
  outcome: Outcome<T>,
  latencyMs: number,
  rateLimit: AttemptReport<T>['rateLimit'],
  upstreamUs = 0,
): AttemptReport<T> {
  if (outcome?.$case === 'response') return { value: outcome.response, error: undefined, latencyMs, rateLimit, upstreamUs };
  const error =
    outcome?.$case === 'error'
      ? outcome.error
      : ErrorInfo.fromPartial({ errorClass: ErrorClass.ERROR_CLASS_INTERNAL, message: 'provider-adapters returned no outcome.' });
  return { value: undefined, error, latencyMs, rateLimit, upstreamUs };
}

export function unreachable<T>(error: unknown, latencyMs: number): AttemptReport<T> {
  if (error instanceof AttemptRefused)
    return { value: undefined, error: error.error, latencyMs, rateLimit: undefined, local: true, final: true };
  return {
    value: undefined,
    error: ErrorInfo.fromPartial({
      errorClass: ErrorClass.ERROR_CLASS_NETWORK,
      message: `provider-adapters could not be reached: ${error instanceof Error ? error.message : String(error)}`,
    }),
    latencyMs,
    rateLimit: undefined,
    local: true,
  };
}

export function invocation(
  context: RequestContext,
  request: ChatRequest,
  deployment: Deployment,
  plan: RoutePlan,
  number: number,
): Invocation {
  // A plain object, not fromPartial: no deep copy of the request on the hot path.
  return { context, target: deploymentTarget(deployment), request, attempt: attemptInfo(number, plan, request.model) };
}

export function attemptInfo(number: number, plan: RoutePlan, requestedModel: string): AttemptInfo {
  return AttemptInfo.fromPartial({
    attemptId: randomUUID(),
    number,
    arm: plan.arm,
    policy: plan.policy,
    alias: plan.alias,
    requestedModel,
  });
}

export function newTrace(plan: RoutePlan): RoutingTrace {
  return RoutingTrace.fromPartial({ policy: plan.policy, alias: plan.alias, arm: plan.arm, candidates: [...plan.candidateModels] });
}

export function streamBroken(error: unknown): ErrorInfo {
  return ErrorInfo.fromPartial({
    errorClass: ErrorClass.ERROR_CLASS_STREAM_INTERRUPTED,
    message: `The stream broke: ${error instanceof Error ? error.message : String(error)}`,
  });
}
