import { EventMeta } from '@switchyard/contracts';
import { uuidV7 } from '@switchyard/platform';

/** The header of every event: a time-ordered unique id (the idempotency key downstream), schema version and times. */
export function newEventMeta(producer: string, schemaVersion: number, occurredAtMs: number = Date.now()): EventMeta {
  return EventMeta.fromPartial({
    eventId: uuidV7(occurredAtMs),
    schemaVersion,
    occurredAtMs,
    producedAtMs: Date.now(),
    producer,
  });
}
