import { Cost, UsageEvent } from '@switchyard/contracts';
import { EventPublisher, newEventMeta } from '@switchyard/event-bus';
import type { PriceResolver } from '@switchyard/pricing';
import { AttemptOutcome, AttemptRecorder, USAGE_EVENT_SCHEMA_VERSION, usageEventFromOutcome } from '@switchyard/providers';

export interface UsageRecorderOptions {
  readonly topic: string;
  readonly producer: string;
  /** Prices each attempt with the price in force now; the cost travels on the event. */
  readonly prices: PriceResolver;
  /** Shadow answers may repeat the prompt's personal data: recorded under the tenant's PII policy. */
  readonly redact: (tenantId: string, text: string) => string;
}

/**
 * Publishes one usage.v1 event per attempt, keyed by tenant; never blocks the
 * call. This is the one place an attempt is priced: the cost is stamped on the
 * event and handed back to the router, which adds up the request's attempts.
 */
export class UsageRecorder implements AttemptRecorder {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly options: UsageRecorderOptions,
  ) {}

  record(outcome: AttemptOutcome): Cost | undefined {
    const { topic, producer, prices, redact } = this.options;
    const event = usageEventFromOutcome(outcome, newEventMeta(producer, USAGE_EVENT_SCHEMA_VERSION));
    const tenantId = event.context?.tenantId ?? '';
    event.outputText = redact(tenantId, event.outputText);
    const cost = prices.costOfUsage(event, event.usage);
    event.costMicroUsd = cost?.microUsd;
    event.costNanoUsd = cost?.nanoUsd;
    this.publisher.publish(topic, tenantId, UsageEvent.encode(event).finish());
    return cost ? Cost.fromPartial(cost) : undefined;
  }
}
