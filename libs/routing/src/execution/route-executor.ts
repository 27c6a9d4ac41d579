import {
  AttemptInfo,
  AttemptRecord,
  ChatRequest,
  ChatStreamEvent,
  ErrorClass,
  ErrorInfo,
  InvokeRequest,
  RoutedChatRequest,
  RoutedChatResponse,
  RoutedChatStreamEvent,
  RoutedEmbeddingsRequest,
  RoutedEmbeddingsResponse,
  RoutingTrace,
} from '@switchyard/contracts';
import type { Deployment, RequestContext } from '@switchyard/contracts';
import { randomUUID } from 'node:crypto';
import type { PlanResult, RoutePlan } from '../planning/route-plan';
import type { AttemptPort } from './attempt-port';
import { deploymentTarget } from './deployment-target';
import { shouldFailOver } from './failover';

export type Planner = (request: ChatRequest, context: RequestContext) => PlanResult;
export type EmbeddingsPlanner = (model: string, context: RequestContext) => PlanResult;

/**
 * Runs a routed request: tries the plan's deployments in order and fails over
 * on errors another deployment may not have. A stream fails over only until
 * its first event reaches the caller; after that, it ends with the error.
 */
export class RouteExecutor {
  constructor(
    private readonly port: AttemptPort,
    private readonly plan: Planner,
    private readonly planEmbeddings: EmbeddingsPlanner,
  ) {}

  async chat(routed: RoutedChatRequest): Promise<RoutedChatResponse> {
    const request = routed.request!;
    const context = routed.context!;
    const planned = this.plan(request, context);
    if (!planned.ok) return { outcome: { $case: 'error', error: planned.error }, trace: RoutingTrace.fromPartial({}) };
    const trace = newTrace(planned.plan);
    let lastError = noDeployment();
    for (const deployment of planned.plan.candidates) {
      const started = Date.now();
      const invocation = this.invocation(context, request, deployment, planned.plan, trace);
      const response = await this.port.invoke(invocation).catch((error: unknown) => ({ outcome: { $case: 'error' as const, error: portError(error) }, latencyMs: 0, rateLimit: undefined }));
      const outcome = response.outcome;
      record(trace, deployment, outcome?.$case === 'error' ? outcome.error : undefined, Date.now() - started);
      if (outcome?.$case === 'response') return { outcome, trace };
      lastError = outcome?.$case === 'error' ? outcome.error : noDeployment();
      if (!shouldFailOver(lastError.errorClass)) break;
    }
    return { outcome: { $case: 'error', error: lastError }, trace };
  }

  async *chatStream(routed: RoutedChatRequest, signal: AbortSignal): AsyncGenerator<RoutedChatStreamEvent> {
    const request = routed.request!;
    const context = routed.context!;
    const planned = this.plan(request, context);
    if (!planned.ok) {
      yield { event: { $case: 'failed', failed: { error: planned.error, trace: RoutingTrace.fromPartial({}) } } };
      return;
    }
    const trace = newTrace(planned.plan);
    let lastError = noDeployment();
    for (const deployment of planned.plan.candidates) {
      if (signal.aborted) return;
      const started = Date.now();
      const invocation = this.invocation(context, request, deployment, planned.plan, trace);
      const iterator = this.port.invokeStream(invocation, signal)[Symbol.asyncIterator]();
      let first: ChatStreamEvent | undefined;
      try {
        const step = await iterator.next();
        first = step.done ? undefined : step.value.chunk;
      } catch (error) {
        lastError = portError(error);
      }
      const firstError = first?.event?.$case === 'error' ? first.event.error : first === undefined ? lastError : undefined;
      if (firstError) {
        record(trace, deployment, firstError, Date.now() - started);
        lastError = firstError;
        await iterator.return?.();
        if (shouldFailOver(firstError.errorClass)) continue;
        break;
      }
      record(trace, deployment, undefined, Date.now() - started);
      yield { event: { $case: 'started', started: { trace } } };
      yield { event: { $case: 'chunk', chunk: first! } };
      try {
        for (;;) {
          const step = await iterator.next();
          if (step.done) break;
          if (step.value.chunk) yield { event: { $case: 'chunk', chunk: step.value.chunk } };
        }
      } catch (error) {
        yield { event: { $case: 'chunk', chunk: ChatStreamEvent.fromPartial({ event: { $case: 'error', error: streamBroken(error) } }) } };
      }
      return;
    }
    yield { event: { $case: 'failed', failed: { error: lastError, trace } } };
  }

  async embed(routed: RoutedEmbeddingsRequest): Promise<RoutedEmbeddingsResponse> {
    const request = routed.request!;
    const context = routed.context!;
    const planned = this.planEmbeddings(request.model, context);
    if (!planned.ok) return { outcome: { $case: 'error', error: planned.error }, trace: RoutingTrace.fromPartial({}) };
    const trace = newTrace(planned.plan);
    let lastError = noDeployment();
    for (const deployment of planned.plan.candidates) {
      const started = Date.now();
      const response = await this.port
        .embed({ context, target: deploymentTarget(deployment), request, attempt: attemptInfo(trace, planned.plan, request.model) })
        .catch((error: unknown) => ({ outcome: { $case: 'error' as const, error: portError(error) }, latencyMs: 0, rateLimit: undefined }));
      const outcome = response.outcome;
      record(trace, deployment, outcome?.$case === 'error' ? outcome.error : undefined, Date.now() - started);
      if (outcome?.$case === 'response') return { outcome, trace };
      lastError = outcome?.$case === 'error' ? outcome.error : noDeployment();
      if (!shouldFailOver(lastError.errorClass)) break;
    }
    return { outcome: { $case: 'error', error: lastError }, trace };
  }

  private invocation(context: RequestContext, request: ChatRequest, deployment: Deployment, plan: RoutePlan, trace: RoutingTrace): InvokeRequest {
    return InvokeRequest.fromPartial({ context, target: deploymentTarget(deployment), request, attempt: attemptInfo(trace, plan, request.model) });
  }
}

function attemptInfo(trace: RoutingTrace, plan: RoutePlan, requestedModel: string): AttemptInfo {
  return AttemptInfo.fromPartial({
    attemptId: randomUUID(),
    number: trace.attempts + 1,
    policy: plan.policy,
    alias: plan.alias,
    requestedModel,
  });
}

function newTrace(plan: RoutePlan): RoutingTrace {
  return RoutingTrace.fromPartial({ policy: plan.policy, alias: plan.alias });
}

function record(trace: RoutingTrace, deployment: Deployment, error: ErrorInfo | undefined, latencyMs: number): void {
  trace.attempts += 1;
  trace.deploymentId = deployment.id;
  trace.provider = deployment.provider;
  trace.upstreamModel = deployment.upstreamModel;
  trace.region = deployment.region;
  trace.attemptRecords.push(
    AttemptRecord.fromPartial({
      number: trace.attempts,
      deploymentId: deployment.id,
      errorClass: error?.errorClass ?? ErrorClass.ERROR_CLASS_UNSPECIFIED,
      upstreamStatus: error?.upstreamStatus ?? 200,
      latencyMs,
    }),
  );
}

function noDeployment(): ErrorInfo {
  return ErrorInfo.fromPartial({ errorClass: ErrorClass.ERROR_CLASS_NO_DEPLOYMENT, message: 'No deployment could serve the request.' });
}

function portError(error: unknown): ErrorInfo {
  return ErrorInfo.fromPartial({
    errorClass: ErrorClass.ERROR_CLASS_NETWORK,
    message: `provider-adapters could not be reached: ${error instanceof Error ? error.message : String(error)}`,
  });
}

function streamBroken(error: unknown): ErrorInfo {
  return ErrorInfo.fromPartial({
    errorClass: ErrorClass.ERROR_CLASS_STREAM_INTERRUPTED,
    message: `The stream broke: ${error instanceof Error ? error.message : String(error)}`,
  });
}
