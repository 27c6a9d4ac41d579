import { chat, seedMockDeployments } from './routing-support';
import { TestStack } from './test-stack';

/** A service's /metrics text, polled until `done` holds (series appear once the work they measure has happened). */
async function metricsUntil(url: string, done: (text: string) => boolean, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    const res = await fetch(`${url}/metrics`).catch(() => undefined);
    if (res?.ok) {
      text = await res.text();
      if (done(text)) return text;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return text;
}

/** The value of the first sample of `metric` whose labels include every one of `labels`. */
function sample(text: string, metric: string, labels: readonly string[]): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${metric}{`) && labels.every((label) => l.includes(label)));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

describe('SRE metrics: upstream per deployment, consumer lag, ClickHouse inserts, audit chain', () => {
  let t: TestStack;
  let key: string;

  beforeAll(async () => {
    t = await TestStack.start();
    await seedMockDeployments(t, [{ id: 'sre-ok' }, { id: 'sre-bad', model: 'gpt-4o' }]);
    await t.seeder.tenant('ten_sre');
    key = (await t.seeder.issueKey('ten_sre')).plaintext;
    // Every service has applied the deployments, the tenant and its key before the first request.
    await t.waitForConfig();
    t.mock.setDeployment('sre-bad', { failRate: 1, failStatus: 503 });
  });

  afterAll(() => t?.stop());

  it('provider-adapters measures each deployment: duration, tokens, and upstream status (a failing one as 503)', async () => {
    for (let i = 0; i < 3; i++) expect((await chat(t, key, 'gpt-4o-mini')).status).toBe(200);
    expect((await chat(t, key, 'gpt-4o')).status).toBeGreaterThanOrEqual(500);
    const text = await metricsUntil(t.stack.service('provider-adapters').url, (m) => m.includes('status="503"'));
    expect(sample(text, 'switchyard_upstream_responses_total', ['deployment="sre-ok"', 'provider="openai"', 'status="200"'])).toBe(3);
    expect(sample(text, 'switchyard_upstream_responses_total', ['deployment="sre-bad"', 'status="503"'])).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, 'switchyard_gen_ai_client_operation_duration_seconds_count', [
        'deployment="sre-ok"',
        'gen_ai_provider_name="openai"',
        'gen_ai_operation_name="chat"',
      ]),
    ).toBe(3);
    expect(
      sample(text, 'switchyard_gen_ai_client_operation_duration_seconds_count', ['deployment="sre-bad"', 'error_type="upstream_5xx"']),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'switchyard_gen_ai_client_token_usage_count', ['deployment="sre-ok"', 'gen_ai_token_type="input"'])).toBe(3);
    expect(sample(text, 'switchyard_gen_ai_client_token_usage_count', ['deployment="sre-ok"', 'gen_ai_token_type="output"'])).toBe(3);
  });

  it('metering reports its ClickHouse inserts and its consumer lag per partition, 0 once caught up', async () => {
    const group = `group="${t.stack.kafkaSettings.kafkaTopicPrefix}metering"`;
    const usageTopic = `topic="${t.stack.kafkaSettings.kafkaTopicPrefix}usage.v1"`;
    const text = await metricsUntil(
      t.stack.service('metering').url,
      (m) =>
        (sample(m, 'switchyard_clickhouse_insert_duration_seconds_count', ['table="usage_events"']) ?? 0) >= 1 &&
        sample(m, 'switchyard_kafka_consumer_lag', [group, usageTopic]) === 0,
    );
    expect(sample(text, 'switchyard_clickhouse_insert_duration_seconds_count', ['table="usage_events"'])).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'switchyard_clickhouse_insert_failures_total', ['table="usage_events"'])).toBe(0);
    expect(sample(text, 'switchyard_kafka_consumer_lag', [group, usageTopic, 'partition="'])).toBe(0);
  });

  it('audit reports its chain: entries appended, no lag once caught up, no errors', async () => {
    const text = await metricsUntil(
      t.stack.service('audit').url,
      (m) => /^switchyard_audit_chain_entries_total\{[^}]*\} [1-9]/m.test(m) && /^switchyard_audit_chain_lag_seconds\{[^}]*\} 0$/m.test(m),
    );
    expect(text).toMatch(/^switchyard_audit_chain_entries_total\{[^}]*\} [1-9]/m);
    expect(text).toMatch(/^switchyard_audit_chain_lag_seconds\{[^}]*\} 0$/m);
    expect(sample(text, 'switchyard_audit_chain_errors_total', ['kind="write"'])).toBe(0);
    expect(sample(text, 'switchyard_clickhouse_insert_duration_seconds_count', ['table="audit_log"'])).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'switchyard_kafka_consumer_lag', [`group="${t.stack.kafkaSettings.kafkaTopicPrefix}audit"`])).toBe(0);
  });
});
