import { ErrorClass, EventMeta, UsageEvent } from '@switchyard/contracts';
import type { AttemptOutcome } from './attempt-outcome';

/** 2: attempts carry their cost (cost_micro_usd); 3: and exactly, in nano-USD (cost_nano_usd). */
export const USAGE_EVENT_SCHEMA_VERSION = 3;

/** The usage.v1 event for one attempt, success or failure. */
export function usageEventFromOutcome(outcome: AttemptOutcome, meta: EventMeta): UsageEvent {
  const target = outcome.invocation.target;
  return UsageEvent.fromPartial({
    meta,
    context: outcome.invocation.context,
    deploymentId: target?.deploymentId ?? '',
    provider: target?.provider ?? '',
    upstreamModel: target?.upstreamModel ?? '',
    region: target?.region ?? '',
    attempt: outcome.invocation.attempt,
    usage: outcome.usage,
    latencyMs: outcome.latencyMs,
    ttftMs: outcome.ttftMs,
    errorClass: outcome.error?.errorClass ?? ErrorClass.ERROR_CLASS_UNSPECIFIED,
    upstreamStatus: outcome.error?.upstreamStatus ?? 200,
    stream: outcome.stream,
    endpoint: outcome.endpoint,
    outputText: outcome.outputText,
    credentialRef: target?.credentialRef ?? '',
    publicModel: target?.publicModel ?? '',
  });
}
