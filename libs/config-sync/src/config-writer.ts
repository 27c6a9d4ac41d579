import { Actor, ConfigEvent, EventMeta } from '@switchyard/contracts';
import { configEventKey } from '@switchyard/control-plane';
import { uuidV7 } from '@switchyard/platform';

export const CONFIG_EVENT_SCHEMA_VERSION = 1;

/** Anything that can append a record and wait for Kafka's acknowledgement (an EventPublisher does). */
export interface AcknowledgedAppend {
  publishAndWait(topic: string, key: string, value: Uint8Array): Promise<void>;
}

/**
 * Appends configuration changes to the config topic and waits for Kafka to
 * acknowledge them: a change is either durably in the log or the caller gets
 * an error, never half-written.
 */
export class ConfigWriter {
  constructor(
    private readonly publisher: AcknowledgedAppend,
    private readonly topic: string,
    private readonly producer: string,
  ) {}

  async write(entity: NonNullable<ConfigEvent['entity']>, actor: Partial<Actor>, deleted = false): Promise<ConfigEvent> {
    const now = Date.now();
    const event = ConfigEvent.fromPartial({
      meta: EventMeta.fromPartial({
        eventId: uuidV7(now),
        schemaVersion: CONFIG_EVENT_SCHEMA_VERSION,
        occurredAtMs: now,
        producedAtMs: now,
        producer: this.producer,
      }),
      actor,
      entity,
      deleted,
    });
    await this.publisher.publishAndWait(this.topic, configEventKey(event), ConfigEvent.encode(event).finish());
    return event;
  }
}
