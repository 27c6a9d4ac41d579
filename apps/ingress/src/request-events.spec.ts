import { ErrorClass, RequestContext, RequestEvent } from '@switchyard/contracts';
import type { EventPublisher } from '@switchyard/event-bus';
import { REQUEST_EVENT_SCHEMA_VERSION, RequestOutcome } from '@switchyard/requests';
import { RequestEvents } from './request-events';

/** Records what would be queued for Kafka. */
function recordingPublisher() {
  const published: Array<{ topic: string; key: string; event: RequestEvent }> = [];
  const publisher = {
    publish: (topic: string, key: string, value: Uint8Array) => published.push({ topic, key, event: RequestEvent.decode(value) }),
  };
  return { publisher: publisher as unknown as EventPublisher, published };
}

function outcome(): RequestOutcome {
  const context = RequestContext.fromPartial({ requestId: 'req_1', tenantId: 'ten_a', apiKeyId: 'key_1', receivedAtMs: 1_700_000_000_000 });
  return new RequestOutcome(context, 'chat.completions', 'gpt-4o', false);
}

describe('RequestEvents', () => {
  it('publishes one requests.v1 event keyed by tenant, stamped with the time the request arrived', () => {
    const { publisher, published } = recordingPublisher();
    const served = outcome();
    served.httpStatus = 200;
    served.requestBytes = 120;
    new RequestEvents(publisher, 'switchyard.requests.v1', 'ingress-1').publish(served);
    expect(published).toHaveLength(1);
    const [{ topic, key, event }] = published as [(typeof published)[number]];
    expect(topic).toBe('switchyard.requests.v1');
    expect(key).toBe('ten_a');
    expect(event.meta).toMatchObject({
      producer: 'ingress-1',
      schemaVersion: REQUEST_EVENT_SCHEMA_VERSION,
      occurredAtMs: 1_700_000_000_000,
    });
    expect(event.meta?.eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(event).toMatchObject({ endpoint: 'chat.completions', requestedModel: 'gpt-4o', httpStatus: 200, requestBytes: 120 });
    expect(event.context).toMatchObject({ requestId: 'req_1', tenantId: 'ten_a' });
  });

  it("records the error text under the tenant's PII policy", () => {
    const { publisher, published } = recordingPublisher();
    const failed = outcome();
    failed.fail(400, ErrorClass.ERROR_CLASS_INVALID_REQUEST, 'bad input from jane@example.com');
    const redactedFor: string[] = [];
    const redact = (tenantId: string, text: string) => {
      redactedFor.push(tenantId);
      return text.replace(/\S+@\S+/g, '[EMAIL_1]');
    };
    new RequestEvents(publisher, 'requests', 'ingress-1', redact).publish(failed);
    expect(redactedFor).toEqual(['ten_a']);
    expect(published[0]?.event).toMatchObject({
      httpStatus: 400,
      errorClass: ErrorClass.ERROR_CLASS_INVALID_REQUEST,
      errorMessage: 'bad input from [EMAIL_1]',
    });
  });
});
