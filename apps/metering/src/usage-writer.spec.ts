import type { ClickHouseClient } from '@clickhouse/client';
import { UsageEvent } from '@switchyard/contracts';
import type { Log } from '@switchyard/platform';
import type { KafkaMessage } from 'kafkajs';
import { Registry } from 'prom-client';
import { UsageWriter } from './usage-writer';

/** A ClickHouse that holds no rows yet and keeps what it is asked to insert. */
function fakeClickHouse(inserted: unknown[]): ClickHouseClient {
  const client = {
    query: async () => ({ json: async () => [] }),
    insert: async ({ values }: { values: unknown[] }) => {
      inserted.push(...values);
    },
  };
  return client as unknown as ClickHouseClient;
}

const quietLog = { warn: () => undefined, error: () => undefined } as unknown as Log;

function message(event: UsageEvent): KafkaMessage {
  return { value: Buffer.from(UsageEvent.encode(event).finish()), offset: '0' } as KafkaMessage;
}

describe('UsageWriter ledger check', () => {
  it('stores usage with cached tokens above input corrected and flagged, and counts the violation', async () => {
    const inserted: Array<Record<string, unknown>> = [];
    const metrics = new Registry();
    const writer = new UsageWriter(fakeClickHouse(inserted), 'db', { requests: 'req', usage: 'use' }, quietLog, metrics);
    const event = UsageEvent.fromPartial({
      meta: { eventId: 'evt-1', occurredAtMs: Date.now() },
      provider: 'openai',
      usage: { inputTokens: 10, outputTokens: 5, cachedInputTokens: 25 },
    });

    await writer.write([message(event)], { topic: 'use', partition: 0 });

    expect(inserted).toHaveLength(1);
    expect(inserted[0]).toMatchObject({ event_id: 'evt-1', input_tokens: 10, cached_input_tokens: 10, usage_estimated: 1 });
    expect(await metrics.metrics()).toContain(
      'switchyard_usage_invariant_violations_total{rule="cached_exceeds_input",provider="openai"} 1',
    );
  });
});
