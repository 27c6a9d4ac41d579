import { RequestEvent } from '@switchyard/contracts';
import { EventPublisher, newEventMeta } from '@switchyard/event-bus';
import { REQUEST_EVENT_SCHEMA_VERSION, RequestOutcome } from '@switchyard/requests';

/** Publishes the requests.v1 event of each finished request; never blocks the response. */
export class RequestEvents {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly topic: string,
    private readonly producer: string,
    private readonly redact: (tenantId: string, text: string) => string = (_t, text) => text,
  ) {}

  publish(outcome: RequestOutcome): void {
    const event = outcome.toEvent(newEventMeta(this.producer, REQUEST_EVENT_SCHEMA_VERSION, outcome.context.receivedAtMs));
    // Error texts may quote the caller's input: recorded under the tenant's PII policy.
    event.errorMessage = this.redact(outcome.context.tenantId, event.errorMessage);
    this.publisher.publish(this.topic, outcome.context.tenantId, RequestEvent.encode(event).finish());
  }
}
