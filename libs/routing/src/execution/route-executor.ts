import { ChatStreamEvent, RoutingTrace } from '@switchyard/contracts';
import type {
  ChatRequest,
  ChatResponse,
  Deployment,
  InvokeStreamEvent,
  RequestContext,
  RoutedChat,
  RoutedChatResponse,
  RoutedChatStreamEvent,
  RoutedEmbeddings,
  RoutedEmbeddingsResponse,
  RoutedImage,
  RoutedImageResponse,
  RoutedModeration,
  RoutedModerationResponse,
  RoutedTokenCountResponse,
  RoutedTranscription,
  RoutedTranscriptionResponse,
  Usage,
} from '@switchyard/contracts';
import type { DeploymentHealth } from '../health/deployment-health';
import { estimateChat, RequestEstimate, totalTokens } from '../policies/request-estimate';
import { requiredCapabilities } from '../planning/required-capabilities';
import type { CapabilityName } from '../planning/required-capabilities';
import type { PlanResult, RoutePlan } from '../planning/route-plan';
import type { RouteResolver } from '../planning/route-resolver';
import type { AttemptLoop, AttemptReport } from './attempt-loop';
import type { AttemptPort } from './attempt-port';
import { RequestCost, UsageHold } from './request-cost';
import { OPEN_GATE, RequestGate } from './request-gate';
import type { GateSubject } from './request-gate';
import type { ShadowDispatcher } from './shadow-dispatcher';
import { invocation, newTrace, report, streamBroken, unreachable } from './attempt-reports';
import { OneShotRoutes } from './one-shot-routes';

export interface RouteExecutorDeps {
  readonly port: AttemptPort;
  readonly resolver: RouteResolver;
  readonly loop: AttemptLoop;
  readonly shadows: ShadowDispatcher;
  readonly health: DeploymentHealth;
  /** Consulted before planning (quota decisions); lets everything through by default. */
  readonly gate?: RequestGate;
  readonly now?: () => number;
}

interface OpenStream {
  readonly first: ChatStreamEvent;
  readonly rest: AsyncIterator<InvokeStreamEvent>;
}

/**
 * Runs a routed request: feature route, allow-lists, gate, plan, then the
 * attempt loop over the plan's candidates, with shadow copies on the side.
 * A stream fails over only until its first event reaches the caller; after
 * that, a failure ends it with an error event.
 */
export class RouteExecutor {
  private readonly gate: RequestGate;
  private readonly now: () => number;

  private readonly oneShots: OneShotRoutes;

  constructor(private readonly deps: RouteExecutorDeps) {
    this.gate = deps.gate ?? OPEN_GATE;
    this.now = deps.now ?? Date.now;
    this.oneShots = new OneShotRoutes({
      port: deps.port,
      loop: deps.loop,
      now: this.now,
      plan: (endpoint, model, context, needs, estimate) => this.plan(endpoint, model, context, needs, estimate),
      settle: (deployment, estimate, usage) => this.settle(deployment, estimate, usage),
    });
  }

  async chat(routed: RoutedChat): Promise<RoutedChatResponse> {
    const { request, context } = routed;
    const estimate = estimateChat(request);
    const planned = await this.plan('chat', request.model, context, requiredCapabilities(request), estimate);
    if (!planned.ok) return { outcome: { $case: 'error', error: planned.error }, trace: RoutingTrace.fromPartial({}) };
    const plan = planned.plan;
    const trace = newTrace(plan);
    const shadowOnce = this.shadowOnce(plan, context, request, estimate);
    const spent = new RequestCost();
    const result = await this.deps.loop.run<ChatResponse>(
      {
        candidates: plan.candidates,
        deadlineAtMs: context.deadlineAtMs,
        cost: { tokens: totalTokens(estimate) },
        attempt: (deployment, number) => {
          const sent = this.invoke(context, request, deployment, plan, number, spent);
          shadowOnce();
          return sent;
        },
      },
      trace,
    );
    if (!result.ok) return { outcome: { $case: 'error', error: result.error }, trace };
    this.settle(result.deployment, estimate, result.value.usage);
    spent.stamp(result.value.usage);
    return { outcome: { $case: 'response', response: result.value }, trace };
  }

  async *chatStream(routed: RoutedChat, signal: AbortSignal): AsyncGenerator<RoutedChatStreamEvent> {
    const { request, context } = routed;
    const estimate = estimateChat(request);
    const planned = await this.plan('chat', request.model, context, requiredCapabilities(request), estimate);
    if (!planned.ok) {
      yield { event: { $case: 'failed', failed: { error: planned.error, trace: RoutingTrace.fromPartial({}) } } };
      return;
    }
    const plan = planned.plan;
    const trace = newTrace(plan);
    const shadowOnce = this.shadowOnce(plan, context, request, estimate);
    const result = await this.deps.loop.run<OpenStream>(
      {
        candidates: plan.candidates,
        deadlineAtMs: context.deadlineAtMs,
        cost: { tokens: totalTokens(estimate) },
        signal,
        attempt: (deployment, number) => {
          const opened = this.openStream(context, request, deployment, plan, number, signal);
          shadowOnce();
          return opened;
        },
      },
      trace,
    );
    if (signal.aborted) {
      if (result.ok) await result.value.rest.return?.();
      return;
    }
    if (!result.ok) {
      yield { event: { $case: 'failed', failed: { error: result.error, trace } } };
      return;
    }
    const { first, rest } = result.value;
    let usage: Usage | undefined;
    // Attempts that failed before their first event used nothing; the cost of the one that streams comes last.
    const spent = new RequestCost();
    const hold = new UsageHold();
    try {
      yield { event: { $case: 'started', started: { trace } } };
      if (first.event?.$case === 'usage') usage = first.event.usage;
      if (!hold.hold(first)) yield { event: { $case: 'chunk', chunk: first } };
      for (;;) {
        const step = await rest.next();
        if (step.done) break;
        spent.add(step.value.cost);
        const chunk = step.value.chunk;
        if (!chunk) continue;
        if (chunk.event?.$case === 'usage') usage = chunk.event.usage;
        if (!hold.hold(chunk)) yield { event: { $case: 'chunk', chunk } };
      }
      for (const chunk of hold.release(spent)) yield { event: { $case: 'chunk', chunk } };
    } catch (error) {
      if (!signal.aborted) {
        for (const chunk of hold.release(spent)) yield { event: { $case: 'chunk', chunk } };
        yield { event: { $case: 'chunk', chunk: ChatStreamEvent.fromPartial({ event: { $case: 'error', error: streamBroken(error) } }) } };
      }
    } finally {
      await rest.return?.();
      this.settle(result.deployment, estimate, usage);
    }
  }

  embed(routed: RoutedEmbeddings): Promise<RoutedEmbeddingsResponse> {
    return this.oneShots.embed(routed);
  }

  moderate(routed: RoutedModeration): Promise<RoutedModerationResponse> {
    return this.oneShots.moderate(routed);
  }

  countTokens(routed: RoutedChat): Promise<RoutedTokenCountResponse> {
    return this.oneShots.countTokens(routed);
  }

  transcribe(routed: RoutedTranscription): Promise<RoutedTranscriptionResponse> {
    return this.oneShots.transcribe(routed);
  }

  generateImage(routed: RoutedImage): Promise<RoutedImageResponse> {
    return this.oneShots.generateImage(routed);
  }

  private async plan(
    endpoint: GateSubject['endpoint'],
    model: string,
    context: RequestContext,
    needs: CapabilityName[],
    estimate: RequestEstimate,
  ): Promise<PlanResult> {
    const resolver = this.deps.resolver;
    const name = resolver.routeName(model, context);
    const refusal = resolver.refusal(name, context);
    if (refusal) return { ok: false, error: refusal };
    const verdict = await this.gate.admit({ context, name, endpoint });
    if (verdict.action === 'refuse') return { ok: false, error: verdict.error };
    if (verdict.action === 'proceed') return resolver.resolve({ name, context, needs, estimate });
    const planned = resolver.resolve({ name: verdict.name, context, needs, estimate });
    return planned.ok && verdict.policy ? { ok: true, plan: { ...planned.plan, policy: verdict.policy } } : planned;
  }

  private async invoke(
    context: RequestContext,
    request: ChatRequest,
    deployment: Deployment,
    plan: RoutePlan,
    number: number,
    spent: RequestCost,
  ): Promise<AttemptReport<ChatResponse>> {
    const started = this.now();
    try {
      const response = await this.deps.port.invoke(invocation(context, request, deployment, plan, number));
      spent.add(response.cost);
      return report(response.outcome, this.now() - started, response.rateLimit, response.upstreamUs);
    } catch (error) {
      return unreachable(error, this.now() - started);
    }
  }

  /** Opens a stream and waits for its first event: an error there is a failed attempt the loop may fail over from. */
  private async openStream(
    context: RequestContext,
    request: ChatRequest,
    deployment: Deployment,
    plan: RoutePlan,
    number: number,
    signal: AbortSignal,
  ): Promise<AttemptReport<OpenStream>> {
    const started = this.now();
    const rest = this.deps.port.invokeStream(invocation(context, request, deployment, plan, number), signal)[Symbol.asyncIterator]();
    let step: IteratorResult<InvokeStreamEvent>;
    try {
      step = await rest.next();
    } catch (error) {
      await rest.return?.();
      return unreachable(error, this.now() - started);
    }
    const latencyMs = this.now() - started;
    const first = step.done ? undefined : step.value.chunk;
    const rateLimit = step.done ? undefined : step.value.rateLimit;
    if (first === undefined || first.event?.$case === 'error') {
      await rest.return?.();
      const error =
        first?.event?.$case === 'error' ? first.event.error : streamBroken(new Error('the stream ended before its first event'));
      return { value: undefined, error, latencyMs, rateLimit };
    }
    return { value: { first, rest }, error: undefined, latencyMs, rateLimit };
  }

  /** Shadow copies go out once per request, right after its first attempt is on its way. */
  private shadowOnce(plan: RoutePlan, context: RequestContext, request: ChatRequest, estimate: RequestEstimate): () => void {
    let sent = plan.shadows.length === 0;
    return () => {
      if (sent) return;
      sent = true;
      this.deps.shadows.dispatch(plan, context, request, totalTokens(estimate));
    };
  }

  /** Charges the deployment's token bucket with what the request really used. */
  private settle(deployment: Deployment, estimate: RequestEstimate, usage: Usage | undefined): void {
    if (!usage) return;
    this.deps.health.throttle(deployment).settle(totalTokens(estimate), usage.inputTokens + usage.outputTokens);
  }
}
