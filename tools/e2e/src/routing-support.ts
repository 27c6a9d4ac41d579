import type { DeploymentSeed } from '@switchyard/dev-tools';
import { UsageEvent } from '@switchyard/contracts';
import { Kafka, logLevel } from 'kafkajs';
import type { TestStack } from './test-stack';

export interface ChatResult {
  readonly status: number;
  readonly headers: Headers;
  readonly body: { choices?: { message: { content: string } }[]; error?: { message: string; type: string; code: string | null } };
  readonly elapsedMs: number;
  readonly deployment: string;
  readonly attempts: number;
}

/** Mock-provider deployments named `<name>` at `${mock.url}/d/<name>/v1`, sharing one credential. */
export async function seedMockDeployments(t: TestStack, seeds: ReadonlyArray<Partial<DeploymentSeed> & { id: string }>): Promise<void> {
  await t.seeder.credential('cred-mock', 'openai', 'sk-mock');
  for (const seed of seeds) {
    await t.seeder.deployment({
      model: 'gpt-4o-mini',
      provider: 'openai',
      baseUrl: `${t.mock.url}/d/${seed.id}/v1`,
      credentialId: 'cred-mock',
      ...seed,
    });
  }
}

/** One non-streaming chat completion through ingress, with the routing headers picked out. */
export async function chat(
  t: TestStack,
  key: string,
  model: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<ChatResult> {
  const started = performance.now();
  const res = await fetch(`${t.baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Route me somewhere good' }], ...extra }),
  });
  const body = (await res.json()) as ChatResult['body'];
  return {
    status: res.status,
    headers: res.headers,
    body,
    elapsedMs: performance.now() - started,
    deployment: res.headers.get('x-switchyard-deployment') ?? '',
    attempts: Number(res.headers.get('x-switchyard-attempts') ?? 0),
  };
}

/** A metric's value in each router replica's /metrics: the first sample of `metric` whose line contains `label`. */
export async function perRouter(t: TestStack, metric: string, label = ''): Promise<number[]> {
  return Promise.all(
    t.stack.replicas('router').map(async (router) => {
      const text = await (await fetch(`${router.url}/metrics`)).text();
      const line = text.split('\n').find((l) => l.startsWith(metric) && l.includes(label));
      return Number(line?.split(' ').at(-1) ?? 0);
    }),
  );
}

/** The router's live view of its deployments (GET /routing/deployments on its HTTP port, operators only). */
export async function routerDeployments(
  t: TestStack,
): Promise<Array<{ deploymentId: string; breaker: string; p95LatencyMs?: number; queued: number }>> {
  const res = await fetch(`${t.stack.service('router').url}/routing/deployments`, {
    headers: { authorization: `Bearer ${t.stack.operatorToken}` },
  });
  return ((await res.json()) as { deployments: Array<{ deploymentId: string; breaker: string; p95LatencyMs?: number; queued: number }> })
    .deployments;
}

/** Every usage.v1 event of this stack so far, read straight from Kafka. */
export async function readUsageEvents(t: TestStack, until: (events: UsageEvent[]) => boolean, timeoutMs = 30_000): Promise<UsageEvent[]> {
  const kafka = new Kafka({ clientId: 'e2e-usage-reader', brokers: [...t.stack.kafkaSettings.kafkaBrokers], logLevel: logLevel.NOTHING });
  const groupId = `e2e-usage-${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const consumer = kafka.consumer({ groupId });
  const events: UsageEvent[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: `${t.stack.kafkaSettings.kafkaTopicPrefix}usage.v1`, fromBeginning: true });
    let satisfied: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (satisfied = resolve));
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (message.value) events.push(UsageEvent.decode(message.value));
        if (until(events)) satisfied();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([done, new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
    return events;
  } finally {
    await consumer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
