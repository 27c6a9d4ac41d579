import type { Log } from '@switchyard/platform';
import { Kafka, logLevel, LogEntry } from 'kafkajs';
import type { KafkaSettings } from './kafka-settings';

// kafkajs 2.2.4 arms its throttle timer with a negative delay, which Node >= 23
// reports as a TimeoutNegativeWarning on every connection. Node clamps it to
// 1 ms, so it is harmless; drop exactly that warning and keep all others.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  const first = rest[0];
  const type = typeof first === 'string' ? first : (first as { type?: string } | undefined)?.type;
  if (type === 'TimeoutNegativeWarning') return;
  (emitWarning as (w: string | Error, ...r: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** A kafkajs client whose own logs go through the service's JSON logger. */
export function createKafka(settings: KafkaSettings, clientId: string, log: Log): Kafka {
  const kafkaLog = log.child({ component: 'kafkajs' });
  return new Kafka({
    clientId,
    brokers: [...settings.kafkaBrokers],
    connectionTimeout: 3_000,
    requestTimeout: 10_000,
    retry: { initialRetryTime: 100, maxRetryTime: 2_000, retries: 5 },
    logLevel: logLevel.WARN,
    logCreator: () => (entry: LogEntry) => {
      const { message, ...rest } = entry.log;
      // We limit idempotent-producer retries on purpose (the spool takes over).
      const level = message.startsWith('Limiting retries for the idempotent producer') ? 'debug' : (LEVELS[entry.level] ?? 'info');
      kafkaLog[level]({ namespace: entry.namespace, ...rest }, message);
    },
  });
}
