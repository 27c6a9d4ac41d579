import { UsageEvent } from '@switchyard/contracts';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { TestStack } from './test-stack';

// Regression: the commit-after-write consumer must advance past what it wrote. It
// used to re-fetch from its session's first offset on every batch (duplicates were
// dropped by the idempotent insert, so nothing looked wrong) and stalled for good
// once one partition held more than one fetch (1 MB) past that offset.
describe('metering keeps consuming a partition far beyond one fetch', () => {
  let t: TestStack;

  beforeAll(async () => {
    t = await TestStack.start({ services: ['metering'] });
  });

  afterAll(() => t?.stop());

  it('stores every event of a 3 MB burst on a single partition, once', async () => {
    const kafka = new Kafka({ clientId: 'e2e-backlog', brokers: t.stack.kafkaSettings.kafkaBrokers, logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const total = 12_000;
    const padding = 'x'.repeat(200);
    for (let start = 0; start < total; start += 1_000) {
      const messages = Array.from({ length: 1_000 }, (_, i) => {
        const n = start + i;
        const now = Date.now();
        const event = UsageEvent.fromPartial({
          meta: { eventId: `backlog-${n}`, schemaVersion: 1, occurredAtMs: now, producedAtMs: now, producer: 'e2e' },
          context: { requestId: `req-${n}-${padding}`, tenantId: 'ten_backlog' },
          deploymentId: 'd',
          provider: 'openai',
          upstreamModel: 'gpt-4o-mini',
          usage: { inputTokens: 10, outputTokens: 5 },
        });
        return { key: 'ten_backlog', value: Buffer.from(UsageEvent.encode(event).finish()) };
      });
      await producer.send({ topic: `${t.id}.usage.v1`, acks: -1, messages });
    }
    await producer.disconnect();
    const rows = await t.eventually<{ rows: number; ids: number }>(
      `SELECT count() AS rows, uniqExact(event_id) AS ids FROM ${t.id}.usage_events WHERE tenant_id = 'ten_backlog'`,
      (r) => (r[0]?.rows ?? 0) >= total,
      90_000,
    );
    expect(rows[0]).toEqual({ rows: total, ids: total });
  });
});
