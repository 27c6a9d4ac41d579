import { ErrorClass, ErrorInfo } from '@switchyard/contracts';
import type {
  AttemptInfo,
  CountTokensInvokeResponse,
  EmbedInvocation,
  EmbedInvokeResponse,
  ImageInvocation,
  ImageInvokeResponse,
  Invocation,
  InvokeResponse,
  InvokeStreamEvent,
  AudioInvokeStreamEvent,
  AudioStreamInvocation,
  ModerateInvocation,
  ModerateInvokeResponse,
  RequestContext,
  TranscribeInvocation,
  TranscribeInvokeResponse,
} from '@switchyard/contracts';
import {
  DEFAULT_ASSUMED_OUTPUT_TOKENS,
  estimateChatCost,
  estimateEmbeddingsCost,
  estimateImageCost,
  estimateSpeechCost,
  estimateTranscriptionCost,
  QuotaBook,
} from '@switchyard/budgets';
import type { ConfigState } from '@switchyard/control-plane';
import type { PriceResolver } from '@switchyard/pricing';
import { AttemptRefused } from '@switchyard/routing';
import type { AttemptPort } from '@switchyard/routing';
import { Counter, Registry } from 'prom-client';

/**
 * Reserves spend per attempt against this replica's grants for hard money
 * budgets before the attempt leaves the router, and stamps the attempt with
 * this replica's id so the enforcer can settle the reservation when it counts
 * the attempt's usage event. No credit left: the attempt is refused here and
 * never reaches a provider.
 */
export class ReservingAttemptPort implements AttemptPort {
  private readonly refused: Counter;

  constructor(
    private readonly inner: AttemptPort,
    private readonly book: QuotaBook,
    private readonly holderId: string,
    private readonly prices: PriceResolver,
    private readonly config: ConfigState,
    metrics: Registry,
    private readonly settleWaitMs: number,
  ) {
    this.refused = new Counter({
      name: 'switchyard_router_budget_credit_refusals_total',
      help: 'Attempts refused because this replica had no budget credit left.',
      registers: [metrics],
    });
  }

  async invoke(request: Invocation): Promise<InvokeResponse> {
    await this.admit(request.attempt, request.context, (assumed) => estimateChatCost(request.request, this.priceOf(request), assumed));
    try {
      return await this.inner.invoke(request);
    } finally {
      this.book.finish(request.attempt?.attemptId ?? '', Date.now());
    }
  }

  async *invokeStream(request: Invocation, signal: AbortSignal): AsyncGenerator<InvokeStreamEvent> {
    await this.admit(request.attempt, request.context, (assumed) => estimateChatCost(request.request, this.priceOf(request), assumed));
    try {
      yield* this.inner.invokeStream(request, signal);
    } finally {
      this.book.finish(request.attempt?.attemptId ?? '', Date.now());
    }
  }

  async embed(request: EmbedInvocation): Promise<EmbedInvokeResponse> {
    await this.admit(request.attempt, request.context, () => estimateEmbeddingsCost(request.request, this.priceOf(request)));
    try {
      return await this.inner.embed(request);
    } finally {
      this.book.finish(request.attempt?.attemptId ?? '', Date.now());
    }
  }

  async moderate(request: ModerateInvocation): Promise<ModerateInvokeResponse> {
    const texts = request.request.inputs.flatMap((i) => i.parts.map((p) => (p.part?.$case === 'text' ? p.part.text : '')));
    const estimate = () => estimateEmbeddingsCost({ model: request.request.model, inputs: texts, endUser: '' }, this.priceOf(request));
    await this.admit(request.attempt, request.context, estimate);
    try {
      return await this.inner.moderate(request);
    } finally {
      this.book.finish(request.attempt?.attemptId ?? '', Date.now());
    }
  }

  async transcribe(request: TranscribeInvocation): Promise<TranscribeInvokeResponse> {
    await this.admit(request.attempt, request.context, () =>
      estimateTranscriptionCost(request.request.audio.length, this.priceOf(request)),
    );
    try {
      return await this.inner.transcribe(request);
    } finally {
      this.book.finish(request.attempt?.attemptId ?? '', Date.now());
    }
  }

  async generateImage(request: ImageInvocation): Promise<ImageInvokeResponse> {
    await this.admit(request.attempt, request.context, () => estimateImageCost(request.request.n, this.priceOf(request)));
    try {
      return await this.inner.generateImage(request);
    } finally {
      this.book.finish(request.attempt?.attemptId ?? '', Date.now());
    }
  }

  async *audioStream(request: AudioStreamInvocation, signal: AbortSignal): AsyncGenerator<AudioInvokeStreamEvent> {
    const r = request.request;
    await this.admit(request.attempt, request.context, () =>
      r.$case === 'speech'
        ? estimateSpeechCost(r.speech.input, this.priceOf(request))
        : estimateTranscriptionCost(r.transcription.audio.length, this.priceOf(request)),
    );
    try {
      yield* this.inner.audioStream(request, signal);
    } finally {
      this.book.finish(request.attempt?.attemptId ?? '', Date.now());
    }
  }

  /** Counting tokens generates nothing and costs nothing: there is nothing to reserve. */
  countTokens(request: Invocation): Promise<CountTokensInvokeResponse> {
    return this.inner.countTokens(request);
  }

  /**
   * Reserves and stamps the attempt, or refuses it. While only this replica's
   * own in-flight spend holds the credit, it first waits (bounded, and within
   * the request's deadline) for that spend to settle. A refusal is about the
   * caller's budget, not the deployment: AttemptRefused ends the request at
   * once, without the router treating it as a provider rate limit.
   */
  private async admit(
    attempt: AttemptInfo | undefined,
    context: RequestContext | undefined,
    estimate: (assumedOutputTokens: number) => number,
  ): Promise<void> {
    if (!attempt || !context) return;
    const untilDeadline = context.deadlineAtMs > 0 ? context.deadlineAtMs - Date.now() : this.settleWaitMs;
    const result = await this.book.reserveWhenSettled(
      attempt.attemptId,
      context,
      (budgetIds) => estimate(this.assumedOutput(context.tenantId, budgetIds)),
      Math.max(0, Math.min(this.settleWaitMs, untilDeadline)),
    );
    if (result.ok) {
      if (result.reserved) attempt.quotaHolder = this.holderId;
      return;
    }
    this.refused.inc();
    throw new AttemptRefused(
      ErrorInfo.fromPartial({
        errorClass: ErrorClass.ERROR_CLASS_RATE_LIMITED,
        message: `Budget '${result.grant.budgetId}' is nearly used up: requests already in flight must settle before more are admitted. Retry shortly.`,
        retryAfterMs: 1_000,
      }),
    );
  }

  /** Budget ids are per owner: a grant's budget is the tenant's own or a plan budget (owner ''); the larger estimate wins. */
  private assumedOutput(tenantId: string, budgetIds: readonly string[]): number {
    let max = 0;
    for (const id of budgetIds) {
      for (const budget of [this.config.budget(tenantId, id), this.config.budget('', id)]) {
        if (budget) max = Math.max(max, budget.assumedOutputTokens || DEFAULT_ASSUMED_OUTPUT_TOKENS);
      }
    }
    return max || DEFAULT_ASSUMED_OUTPUT_TOKENS;
  }

  private priceOf(request: { target?: { deploymentId: string; provider: string; upstreamModel: string } | undefined }) {
    const t = request.target;
    return t ? this.prices.priceOf(t) : undefined;
  }
}
