import type { Cost } from '@switchyard/contracts';
import type { AttemptOutcome, AttemptRecorder } from './attempt-outcome';

/** The part of a structured logger (pino's) that attempt logging uses. */
export interface WarningLog {
  warn(fields: Record<string, unknown>, message: string): void;
}

/** Provider messages are a sentence or two; a few bodies are pages. */
const MAX_MESSAGE_CHARS = 300;

/**
 * Records every attempt with `inner`, and logs each failed one for operators:
 * request, deployment, provider, upstream status and error class. Never the
 * credential, the prompt or the answer: the fields are picked one by one.
 */
export class FailedAttemptLog implements AttemptRecorder {
  constructor(
    private readonly inner: AttemptRecorder,
    private readonly log: WarningLog,
  ) {}

  record(outcome: AttemptOutcome): Cost | undefined {
    const cost = this.inner.record(outcome);
    const error = outcome.error;
    if (!error) return cost;
    const { context, target, attempt } = outcome.invocation;
    this.log.warn(
      {
        requestId: context?.requestId ?? '',
        tenantId: context?.tenantId ?? '',
        deploymentId: target?.deploymentId ?? '',
        provider: target?.provider ?? '',
        upstreamModel: target?.upstreamModel ?? '',
        attempt: attempt?.number ?? 0,
        endpoint: outcome.endpoint,
        stream: outcome.stream,
        upstreamStatus: error.upstreamStatus,
        errorClass: error.errorClass,
        providerCode: error.providerCode,
        latencyMs: outcome.latencyMs,
        error: error.message.slice(0, MAX_MESSAGE_CHARS),
      },
      'upstream attempt failed',
    );
    return cost;
  }
}
