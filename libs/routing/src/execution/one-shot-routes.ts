import { RoutingTrace } from '@switchyard/contracts';
import type {
  AttemptInfo,
  Cost,
  Deployment,
  DeploymentTarget,
  EmbeddingsResponse,
  ImageResponse,
  ModerationResponse,
  RateLimitInfo,
  RequestContext,
  RoutedChat,
  RoutedEmbeddings,
  RoutedEmbeddingsResponse,
  RoutedImage,
  RoutedImageResponse,
  RoutedModeration,
  RoutedModerationResponse,
  RoutedTokenCountResponse,
  RoutedTranscription,
  RoutedTranscriptionResponse,
  TokenCount,
  TranscriptionResponse,
  Usage,
} from '@switchyard/contracts';
import { estimateChat, estimateEmbeddings, RequestEstimate, totalTokens } from '../policies/request-estimate';
import { requiredCapabilities } from '../planning/required-capabilities';
import type { CapabilityName } from '../planning/required-capabilities';
import type { PlanResult } from '../planning/route-plan';
import type { AttemptLoop } from './attempt-loop';
import type { AttemptPort } from './attempt-port';
import { attemptInfo, newTrace, report, unreachable } from './attempt-reports';
import type { Outcome } from './attempt-reports';
import { deploymentTarget } from './deployment-target';
import { RequestCost } from './request-cost';
import type { GateSubject } from './request-gate';

/** What provider-adapters answers one one-shot attempt with (EmbedInvokeResponse, ModerateInvokeResponse, …). */
interface OneShotReply<T> {
  readonly outcome?: Outcome<T>;
  readonly cost?: Cost | undefined;
  readonly rateLimit?: RateLimitInfo | undefined;
  readonly upstreamUs: number;
}

interface OneShotAnswer<T> {
  readonly outcome: Exclude<Outcome<T>, undefined>;
  readonly trace: RoutingTrace;
  readonly spent: RequestCost;
}

export interface OneShotRoutesDeps {
  readonly port: AttemptPort;
  readonly loop: AttemptLoop;
  readonly now: () => number;
  /** The route executor's planning: feature route, allow-lists, gate, plan. */
  plan(
    endpoint: GateSubject['endpoint'],
    model: string,
    context: RequestContext,
    needs: CapabilityName[],
    estimate: RequestEstimate,
  ): Promise<PlanResult>;
  /** Charges the deployment's token bucket with what the request really used. */
  settle(deployment: Deployment, estimate: RequestEstimate, usage: Usage | undefined): void;
}

/**
 * The one-shot calls (embeddings, moderations, token counts): planned like
 * any request, then the attempt loop over the plan's candidates, with no
 * stream and no shadow copies.
 */
export class OneShotRoutes {
  constructor(private readonly deps: OneShotRoutesDeps) {}

  async embed(routed: RoutedEmbeddings): Promise<RoutedEmbeddingsResponse> {
    const { request, context } = routed;
    const answer = await this.oneShot<EmbeddingsResponse>(
      'embeddings',
      request.model,
      context,
      ['embeddings'],
      estimateEmbeddings(request.inputs),
      (target, attempt) => this.deps.port.embed({ context, target, request, attempt }),
    );
    if (answer.outcome.$case === 'response') answer.spent.stamp(answer.outcome.response.usage);
    return { outcome: answer.outcome, trace: answer.trace };
  }

  async moderate(routed: RoutedModeration): Promise<RoutedModerationResponse> {
    const { request, context } = routed;
    const texts = request.inputs.flatMap((i) => i.parts.map((p) => (p.part?.$case === 'text' ? p.part.text : '')));
    const answer = await this.oneShot<ModerationResponse>(
      'moderations',
      request.model,
      context,
      ['moderation'],
      estimateEmbeddings(texts),
      (target, attempt) => this.deps.port.moderate({ context, target, request, attempt }),
    );
    if (answer.outcome.$case === 'response') answer.spent.stamp(answer.outcome.response.usage);
    return { outcome: answer.outcome, trace: answer.trace };
  }

  /** Speech to text on a deployment that transcribes; the budget gate sees it as its own endpoint. */
  async transcribe(routed: RoutedTranscription): Promise<RoutedTranscriptionResponse> {
    const { request, context } = routed;
    const answer = await this.oneShot<TranscriptionResponse>(
      'transcriptions',
      request.model,
      context,
      ['transcription'],
      { inputTokens: 0, outputTokens: 0 },
      (target, attempt) => this.deps.port.transcribe({ context, target, request, attempt }),
    );
    if (answer.outcome.$case === 'response') answer.spent.stamp(answer.outcome.response.usage);
    return { outcome: answer.outcome, trace: answer.trace };
  }

  /** The prompt is what the token bucket is charged for; the images are priced when the attempt settles. */
  async generateImage(routed: RoutedImage): Promise<RoutedImageResponse> {
    const { request, context } = routed;
    const answer = await this.oneShot<ImageResponse>(
      'images',
      request.model,
      context,
      ['imageGeneration'],
      estimateEmbeddings([request.prompt]),
      (target, attempt) => this.deps.port.generateImage({ context, target, request, attempt }),
    );
    if (answer.outcome.$case === 'response') answer.spent.stamp(answer.outcome.response.usage);
    return { outcome: answer.outcome, trace: answer.trace };
  }

  /** Routed like a chat request (same model, aliases, policies and allow-lists); the attempt counts, it generates nothing. */
  async countTokens(routed: RoutedChat): Promise<RoutedTokenCountResponse> {
    const { request, context } = routed;
    const estimate = { inputTokens: estimateChat(request).inputTokens, outputTokens: 0 };
    const answer = await this.oneShot<TokenCount>(
      'count_tokens',
      request.model,
      context,
      requiredCapabilities(request),
      estimate,
      (target, attempt) => this.deps.port.countTokens({ context, target, request, attempt }),
    );
    return { outcome: answer.outcome, trace: answer.trace };
  }

  /** A one-shot call (no stream, no shadows): plan, then the attempt loop over the plan's candidates. */
  private async oneShot<T extends object>(
    endpoint: GateSubject['endpoint'],
    model: string,
    context: RequestContext,
    needs: CapabilityName[],
    estimate: RequestEstimate,
    send: (target: DeploymentTarget, attempt: AttemptInfo) => Promise<OneShotReply<T>>,
  ): Promise<OneShotAnswer<T>> {
    const spent = new RequestCost();
    const planned = await this.deps.plan(endpoint, model, context, needs, estimate);
    if (!planned.ok) return { outcome: { $case: 'error', error: planned.error }, trace: RoutingTrace.fromPartial({}), spent };
    const plan = planned.plan;
    const trace = newTrace(plan);
    const result = await this.deps.loop.run<T>(
      {
        candidates: plan.candidates,
        deadlineAtMs: context.deadlineAtMs,
        cost: { tokens: totalTokens(estimate) },
        attempt: async (deployment, number) => {
          const started = this.deps.now();
          try {
            const response = await send(deploymentTarget(deployment), attemptInfo(number, plan, model));
            spent.add(response.cost);
            return report(response.outcome, this.deps.now() - started, response.rateLimit, response.upstreamUs);
          } catch (error) {
            return unreachable(error, this.deps.now() - started);
          }
        },
      },
      trace,
    );
    if (!result.ok) return { outcome: { $case: 'error', error: result.error }, trace, spent };
    const usage = (result.value as { usage?: Usage }).usage;
    this.deps.settle(result.deployment, estimate, usage);
    return { outcome: { $case: 'response', response: result.value }, trace, spent };
  }
}
