import { intVar, listVar, stringVar } from '@switchyard/platform';

/** Kafka settings every service reads the same way. */
export const kafkaSettingsSpec = {
  kafkaBrokers: listVar('KAFKA_BROKERS', 'Kafka bootstrap servers, comma separated', { default: ['127.0.0.1:19092'] }),
  kafkaTopicPrefix: stringVar('KAFKA_TOPIC_PREFIX', 'Prefix of every topic name (lets environments and test runs share a cluster)', {
    default: 'switchyard.',
  }),
};

export interface KafkaSettings {
  readonly kafkaBrokers: readonly string[];
  readonly kafkaTopicPrefix: string;
}

export const publisherSettingsSpec = {
  eventLingerMs: intVar('EVENT_LINGER_MS', 'Longest time an event waits in memory for others to share its Kafka batch', {
    default: 50,
    min: 0,
    max: 5_000,
  }),
  eventSpoolDir: stringVar(
    'EVENT_SPOOL_DIR',
    'Directory of the disk spool that holds events while Kafka is unavailable (one per replica)',
    {
      default: '.var/spool',
    },
  ),
};
