import { UsageEvent } from '@switchyard/contracts';
import { EventPublisher, newEventMeta } from '@switchyard/event-bus';
import { AttemptOutcome, AttemptRecorder, USAGE_EVENT_SCHEMA_VERSION, usageEventFromOutcome } from '@switchyard/providers';

/** Publishes one usage.v1 event per attempt, keyed by tenant; never blocks the call. */
export class UsageRecorder implements AttemptRecorder {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly topic: string,
    private readonly producer: string,
    private readonly redact: (tenantId: string, text: string) => string = (_t, text) => text,
  ) {}

  record(outcome: AttemptOutcome): void {
    const event = usageEventFromOutcome(outcome, newEventMeta(this.producer, USAGE_EVENT_SCHEMA_VERSION));
    // Shadow answers may repeat the prompt's personal data: recorded under the tenant's PII policy.
    event.outputText = this.redact(event.context?.tenantId ?? '', event.outputText);
    this.publisher.publish(this.topic, event.context?.tenantId ?? '', UsageEvent.encode(event).finish());
  }
}
