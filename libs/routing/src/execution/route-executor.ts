import { RoutingTrace } from '@switchyard/contracts';
import type {
  ChatRequest,
  ChatResponse,
  Deployment,
  RequestContext,
  RoutedChat,
  RoutedAudioStream,
  RoutedAudioStreamEvent,
  RoutedStreamOf,
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
import { estimateChat, estimateEmbeddings, RequestEstimate, totalTokens } from '../policies/request-estimate';
import { requiredCapabilities } from '../planning/required-capabilities';
import type { CapabilityName } from '../planning/required-capabilities';
import type { PlanResult, RoutePlan } from '../planning/route-plan';
import type { RouteResolver } from '../planning/route-resolver';
import type { AttemptLoop, AttemptReport } from './attempt-loop';
import type { AttemptPort } from './attempt-port';
import { RequestCost } from './request-cost';
import { OPEN_GATE, RequestGate } from './request-gate';
import type { GateSubject } from './request-gate';
import type { ShadowDispatcher } from './shadow-dispatcher';
import { attemptInfo, invocation, newTrace, report, unreachable } from './attempt-reports';
import { deploymentTarget } from './deployment-target';
import { AUDIO_STREAM, CHAT_STREAM } from './stream-shapes';
import { streamRoute } from './streamed-route';
import type { AttemptStreamEvent, StreamShape } from './streamed-route';
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

/**
 * Runs a routed request: feature route, allow-lists, gate, plan, then the
 * attempt loop over the plan's candidates, with shadow copies on the side.
 * Streams (chat, audio) run through streamRoute.
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

  chatStream(routed: RoutedChat, signal: AbortSignal): AsyncGenerator<RoutedChatStreamEvent> {
    const { request, context } = routed;
    const estimate = estimateChat(request);
    return this.streamed(CHAT_STREAM, 'chat', request.model, context, requiredCapabilities(request), estimate, signal, {
      open: (deployment, plan, number) => this.deps.port.invokeStream(invocation(context, request, deployment, plan, number), signal),
      shadows: (plan) => this.shadowOnce(plan, context, request, estimate),
    });
  }

  /** Speech (bytes as the provider sends them) or a streamed transcription (text as it is recognized). */
  audioStream(routed: RoutedAudioStream, signal: AbortSignal): AsyncGenerator<RoutedAudioStreamEvent> {
    const { request, context } = routed;
    const [model, endpoint, needs, estimate]: [string, GateSubject['endpoint'], CapabilityName[], RequestEstimate] =
      request.$case === 'speech'
        ? [request.speech.model, 'speech', ['speech'], estimateEmbeddings([request.speech.input])]
        : [request.transcription.model, 'transcriptions', ['transcription'], { inputTokens: 0, outputTokens: 0 }];
    return this.streamed(AUDIO_STREAM, endpoint, model, context, needs, estimate, signal, {
      open: (deployment, plan, number) =>
        this.deps.port.audioStream(
          { context, target: deploymentTarget(deployment), request, attempt: attemptInfo(number, plan, model) },
          signal,
        ),
    });
  }

  /** Plans a stream, then runs it over the attempt loop (streamed-route.ts). */
  private async *streamed<Chunk>(
    shape: StreamShape<Chunk>,
    endpoint: GateSubject['endpoint'],
    model: string,
    context: RequestContext,
    needs: CapabilityName[],
    estimate: RequestEstimate,
    signal: AbortSignal,
    attempts: {
      open(deployment: Deployment, plan: RoutePlan, number: number): AsyncIterable<AttemptStreamEvent<Chunk>>;
      shadows?(plan: RoutePlan): () => void;
    },
  ): AsyncGenerator<RoutedStreamOf<Chunk>> {
    const planned = await this.plan(endpoint, model, context, needs, estimate);
    if (!planned.ok) {
      yield { event: { $case: 'failed', failed: { error: planned.error, trace: RoutingTrace.fromPartial({}) } } };
      return;
    }
    const plan = planned.plan;
    yield* streamRoute(
      shape,
      this.deps.loop,
      this.now,
      {
        candidates: plan.candidates,
        deadlineAtMs: context.deadlineAtMs,
        tokens: totalTokens(estimate),
        open: (deployment, number) => attempts.open(deployment, plan, number),
        sent: attempts.shadows?.(plan) ?? (() => undefined),
        settle: (deployment, usage) => this.settle(deployment, estimate, usage),
      },
      newTrace(plan),
      signal,
    );
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
