import { ensureTopics, TopicDefinition } from '@switchyard/event-bus';
import type { ManagedComponent } from '@switchyard/platform';
import type { UpstreamClient } from '@switchyard/providers';
import type { Kafka } from 'kafkajs';

export function topicsComponent(kafka: Kafka, prefix: string, topics: readonly TopicDefinition[]): ManagedComponent {
  return { name: 'kafka-topics', stopPhase: 'outlet', start: () => ensureTopics(kafka, prefix, topics), stop: async () => undefined };
}

export function upstreamClientComponent(client: UpstreamClient): ManagedComponent {
  return { name: 'upstream-client', stopPhase: 'outlet', start: async () => undefined, stop: () => client.close() };
}
