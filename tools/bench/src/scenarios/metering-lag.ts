import { createClient } from '@clickhouse/client';
import { UsageEvent } from '@switchyard/contracts';
import { ConfigSeeder, Stack } from '@switchyard/dev-tools';
import { Kafka, logLevel, Partitioners, Producer } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchScenario, BenchTable } from '../scenario';
import { numberArg } from '../scenario';

const TENANTS = 12;
const PROBES_PER_SECOND = 40;
const POLL_MS = 25;

interface StepResult {
  rate: number;
  unseen: number;
  produced: number;
  producedPerSecond: number;
  p50: number;
  p99: number;
  max: number;
  drainMs: number;
  keptUp: boolean;
}

/**
 * Usage events straight onto usage.v1 at fixed rates (metering is the only
 * service), and how long until each is a queryable row in ClickHouse.
 * Probes (a fixed number per second, spread over all tenants/partitions)
 * are polled every 25 ms, so lags include up to one poll interval.
 */
export const meteringLag: BenchScenario = {
  name: 'metering-lag',
  description:
    'usage event -> queryable ClickHouse row lag (p50/p99) at sustained rates, the max rate metering keeps up with, and the budget-enforcer rebuild rate',
  async run({ args, progress }) {
    const duration = numberArg(args, 'duration', 10);
    const rates = (args['rates'] ?? '250,1000,4000,8000,16000,24000').split(',').map(Number);
    const id = `bench_${randomBytes(3).toString('hex')}`;
    progress('starting metering');
    const stack = await Stack.start({
      topicPrefix: `${id}.`,
      clickhouseDatabase: id,
      services: ['metering'],
      logLevel: args['log'] ?? 'warn',
    });
    const clickhouse = createClient({ url: 'http://127.0.0.1:18123', clickhouse_settings: { output_format_json_quote_64bit_integers: 0 } });
    const kafka = new Kafka({ clientId: 'bench', brokers: stack.kafkaSettings.kafkaBrokers, logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const topic = `${id}.usage.v1`;
    const results: StepResult[] = [];
    let rebuild: BenchTable | undefined;
    try {
      await step(250, 3, 'warmup');
      for (const rate of rates) {
        progress(`${rate} events/s for ${duration}s`);
        const r = await step(rate, duration, `r${rate}`);
        results.push(r);
        progress(
          `  produced ${r.producedPerSecond}/s, lag p50 ${r.p50} ms p99 ${r.p99} ms, drained ${r.drainMs} ms after the last event -> ${r.keptUp ? 'kept up' : 'fell behind'}`,
        );
        if (!r.keptUp) break;
      }
      rebuild = await measureRebuild();
    } finally {
      await producer.disconnect();
      await stack.stopAll();
      // Leave nothing behind on the shared Kafka and ClickHouse.
      await clickhouse.command({ query: `DROP DATABASE IF EXISTS ${id}` }).catch(() => undefined);
      await clickhouse.close();
      const admin = kafka.admin();
      await admin.connect();
      const topics = (await admin.listTopics()).filter((t) => t.startsWith(`${id}.`));
      if (topics.length > 0) await admin.deleteTopics({ topics });
      await admin.disconnect();
    }
    const best = results.filter((r) => r.keptUp).at(-1);
    return [
      {
        title: `usage.v1 event -> row queryable in ClickHouse (metering alone; ${duration}s per rate; lag in ms)`,
        rows: results.map((r) => ({
          'target/s': r.rate,
          'produced/s': r.producedPerSecond,
          events: r.produced,
          'lag p50': r.p50,
          'lag p99': r.p99,
          'lag max': r.max,
          'probes never seen': r.unseen,
          'drained after end (ms)': r.drainMs,
          'kept up': r.keptUp ? 'yes' : 'no',
        })),
        notes: [
          `Max sustained rate metering kept up with: ${best ? `${best.producedPerSecond} events/s` : 'none of the tested rates'} (kept up = every probe seen, lag p99 under 2 s, the backlog drained within 2 s of the last event, and the producer reached 90% of the target).`,
          `Lag = time the row was first seen by a ${POLL_MS} ms poll minus the event's occurred/produced time; ${PROBES_PER_SECOND} probe events per second across ${TENANTS} tenants.`,
          'The producer, Kafka, ClickHouse and metering share the same 2 cores; a rate the producer cannot reach shows as produced/s below target.',
        ],
      },
      ...(rebuild ? [rebuild] : []),
    ];

    async function step(rate: number, seconds: number, label: string): Promise<StepResult> {
      const runTenants = Array.from({ length: TENANTS }, (_, i) => `${label}-t${i}`);
      const probeEvery = Math.max(1, Math.round(rate / PROBES_PER_SECOND));
      const produced = { n: 0 };
      const sentAt = new Map<string, number>();
      const seen = new Map<string, number>();
      let polling = true;
      let stoppedAt = 0;
      const since = Date.now() - 1_000;
      const poller = (async () => {
        while (polling || seen.size < sentAt.size) {
          const t0 = Date.now();
          const rows = await (
            await clickhouse.query({
              query: `SELECT request_id, occurred_at_ms FROM ${id}.usage_events WHERE tenant_id IN (${runTenants.map((t) => `'${t}'`).join(',')}) AND ts >= toDateTime(${Math.floor(since / 1000)}) AND request_id LIKE 'probe-%'`,
              format: 'JSONEachRow',
            })
          ).json<{ request_id: string }>();
          const now = Date.now();
          for (const r of rows) if (!seen.has(r.request_id)) seen.set(r.request_id, now);
          if (!polling && now - stoppedAt > 30_000) break;
          await sleep(Math.max(0, POLL_MS - (now - t0)));
        }
      })();
      const start = Date.now();
      const tickMs = 10;
      while (Date.now() - start < seconds * 1_000) {
        const due = Math.floor(((Date.now() - start) / 1000) * rate) - produced.n;
        if (due > 0) await send(producer, topic, due, runTenants, produced, probeEvery, sentAt);
        await sleep(tickMs);
      }
      const elapsed = (Date.now() - start) / 1000;
      stoppedAt = Date.now();
      polling = false;
      // Drained: every event of the step is a row.
      let drainMs = -1;
      while (Date.now() - stoppedAt < 30_000) {
        const [row] = await (
          await clickhouse.query({
            query: `SELECT count() AS n FROM ${id}.usage_events WHERE tenant_id IN (${runTenants.map((t) => `'${t}'`).join(',')})`,
            format: 'JSONEachRow',
          })
        ).json<{ n: number }>();
        if ((row?.n ?? 0) >= produced.n) {
          drainMs = Date.now() - stoppedAt;
          break;
        }
        await sleep(POLL_MS);
      }
      await poller;
      const lags = [...sentAt]
        .filter(([k]) => seen.has(k))
        .map(([k, at]) => seen.get(k)! - at)
        .sort((a, b) => a - b);
      const pct = (p: number) => lags[Math.min(lags.length - 1, Math.floor(p * lags.length))] ?? -1;
      const unseen = sentAt.size - lags.length;
      const result = {
        rate,
        unseen,
        produced: produced.n,
        producedPerSecond: Math.round(produced.n / elapsed),
        p50: pct(0.5),
        p99: pct(0.99),
        max: lags.at(-1) ?? -1,
        drainMs,
      };
      return {
        ...result,
        keptUp:
          unseen === 0 &&
          drainMs >= 0 &&
          drainMs <= 2_000 &&
          result.p99 >= 0 &&
          result.p99 <= 2_000 &&
          result.producedPerSecond >= rate * 0.9,
      };
    }

    /** A budget-enforcer started on everything produced above: how fast it rebuilds its counters. */
    async function measureRebuild(): Promise<BenchTable> {
      progress('budget-enforcer rebuilding counters from usage.v1');
      const seeder = await ConfigSeeder.connect(stack.kafkaSettings, stack.keyEncryptionKeys);
      for (const rate of rates)
        for (let i = 0; i < TENANTS; i++)
          await seeder.budget({ id: `b-r${rate}-${i}`, tenantId: `r${rate}-t${i}`, limit: 1_000_000_000, createdAtMs: 1 });
      await seeder.close();
      const enforcer = await Stack.start({
        topicPrefix: `${id}.`,
        clickhouseDatabase: id,
        services: ['budget-enforcer'],
        logLevel: 'info',
        keyEncryptionKeys: stack.keyEncryptionKeys,
        operatorToken: stack.operatorToken,
        logDir: join(stack.repoRoot, '.var', 'logs', `${id}-rebuild`),
      });
      try {
        const log = readFileSync(join(stack.repoRoot, '.var', 'logs', `${id}-rebuild`, 'budget-enforcer.log'), 'utf8')
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as { msg: string; time: string });
        const from = Date.parse(log.find((l) => l.msg.startsWith('replaying usage'))?.time ?? '');
        const to = Date.parse(log.find((l) => l.msg === 'caught up with usage.v1')?.time ?? '');
        const res = await fetch(`${enforcer.service('budget-enforcer').url}/v1/budgets/counters`, {
          headers: { authorization: `Bearer ${stack.operatorToken}` },
        });
        const counted = ((await res.json()) as { eventsCounted: number }).eventsCounted;
        const seconds = Math.max(0.001, (to - from) / 1000);
        return {
          title: 'budget-enforcer restart: rebuilding counters by replaying usage.v1 from the start of the month',
          rows: [
            {
              'events replayed': counted,
              budgets: rates.length * TENANTS,
              'replay (s)': Math.round(seconds * 100) / 100,
              'events/s': Math.round(counted / seconds),
            },
          ],
          notes: [
            'From the "replaying usage" to the "caught up with usage.v1" log line of one process (Kafka fetch, decode, pricing and counting).',
          ],
        };
      } finally {
        await enforcer.stopAll();
      }
    }
  },
};

async function send(
  producer: Producer,
  topic: string,
  count: number,
  tenants: readonly string[],
  produced: { n: number },
  probeEvery: number,
  sentAt: Map<string, number>,
): Promise<void> {
  const now = Date.now();
  const messages = [];
  for (let i = 0; i < count; i++) {
    const n = produced.n++;
    const tenant = tenants[n % tenants.length]!;
    const probe = n % probeEvery === 0;
    const requestId = probe ? `probe-${tenant}-${n}` : `load-${n}`;
    if (probe) sentAt.set(requestId, now);
    const event = UsageEvent.fromPartial({
      meta: {
        eventId: `${tenant}-${n}-${randomBytes(4).toString('hex')}`,
        schemaVersion: 1,
        occurredAtMs: now,
        producedAtMs: now,
        producer: 'bench',
      },
      context: { requestId, tenantId: tenant, apiKeyId: `key-${tenant}`, planId: 'pro', feature: n % 2 ? 'chat' : 'search' },
      deploymentId: 'bench',
      provider: 'openai',
      upstreamModel: 'gpt-4o-mini',
      region: 'us-east',
      attempt: { attemptId: `a-${n}`, number: 1 },
      usage: { inputTokens: 120, outputTokens: 40 },
      latencyMs: 300,
      endpoint: 'chat.completions',
    });
    messages.push({ key: tenant, value: Buffer.from(UsageEvent.encode(event).finish()) });
  }
  for (let i = 0; i < messages.length; i += 1_000) await producer.send({ topic, acks: -1, messages: messages.slice(i, i + 1_000) });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
