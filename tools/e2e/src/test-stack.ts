import { ClickHouseClient, createClient } from '@clickhouse/client';
import { ConfigSeeder, IssuedKey, ServiceName, Stack } from '@switchyard/dev-tools';
import { MockProvider, MockProviderOptions, startMockProvider } from '@switchyard/mock-provider';
import { TOPICS, topicName } from '@switchyard/event-bus';
import { Admin, Kafka, logLevel } from 'kafkajs';
import { randomBytes } from 'node:crypto';

export interface TestStackOptions {
  services?: readonly ServiceName[];
  extraEnv?: Record<string, string>;
  /** Start options of the in-process mock provider (e.g. a Bedrock secret so SigV4 signatures are verified). */
  mock?: MockProviderOptions;
  extraIngressReplicas?: number;
  /** Router replicas, each behind its own ingress, balanced round-robin (see Stack). */
  routerReplicas?: number;
}

/**
 * A whole Switchyard for one test file: the real services as processes, the
 * shared local Kafka and ClickHouse (isolated by a unique topic prefix and
 * database), and an in-process mock provider. `seeder` writes config events.
 */
export class TestStack {
  private constructor(
    readonly id: string,
    readonly stack: Stack,
    readonly mock: MockProvider,
    readonly seeder: ConfigSeeder,
    readonly clickhouse: ClickHouseClient,
  ) {}

  static async start(options: TestStackOptions = {}): Promise<TestStack> {
    const id = `e2e_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    const mock = await startMockProvider(options.mock);
    let stack: Stack;
    let seeder: ConfigSeeder;
    try {
      stack = await Stack.start({
        topicPrefix: `${id}.`,
        clickhouseDatabase: id,
        services: options.services,
        extraIngressReplicas: options.extraIngressReplicas,
        routerReplicas: options.routerReplicas,
        extraEnv: { LOG_LEVEL: 'info', ...options.extraEnv },
      });
      seeder = await ConfigSeeder.connect(stack.kafkaSettings, stack.keyEncryptionKeys);
    } catch (error) {
      await mock.close();
      throw error;
    }
    const clickhouse = createClient({ url: 'http://127.0.0.1:18123', clickhouse_settings: { output_format_json_quote_64bit_integers: 0 } });
    return new TestStack(id, stack, mock, seeder, clickhouse);
  }

  get baseUrl(): string {
    return this.stack.openAiBaseUrl;
  }

  /** A tenant with one OpenAI-family deployment of `model` on the mock provider, and a key for it. */
  async tenantWithModel(tenantId: string, model = 'gpt-4o-mini', deploymentName = `${tenantId}-${model}`): Promise<IssuedKey> {
    await this.seeder.credential(`cred-${deploymentName}`, 'openai', 'sk-mock');
    await this.seeder.deployment({
      id: deploymentName,
      model,
      provider: 'openai',
      baseUrl: `${this.mock.url}/d/${deploymentName}/v1`,
      credentialId: `cred-${deploymentName}`,
    });
    await this.seeder.tenant(tenantId);
    const key = await this.seeder.issueKey(tenantId);
    await this.waitForConfig();
    return key;
  }

  /**
   * Waits until every running service has applied the config log up to its
   * end as of now (everything the seeder or the admin API wrote): each
   * service's /readyz reports the offsets it applied ("config-log" detail).
   */
  async waitForConfig(timeoutMs = 15_000): Promise<void> {
    const topic = topicName(this.stack.kafkaSettings.kafkaTopicPrefix, TOPICS.config);
    const admin = await this.kafkaAdmin();
    const targets = (await admin.fetchTopicOffsets(topic)).filter((o) => Number(o.high) > Number(o.low));
    const deadline = Date.now() + timeoutMs;
    for (const service of this.stack.runningProcesses()) {
      for (;;) {
        const applied = await appliedConfigOffsets(service.url);
        if (targets.every((o) => (applied[String(o.partition)] ?? 0) >= Number(o.high))) break;
        if (Date.now() > deadline) throw new Error(`${service.label} did not apply the config log within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 10));
      }
    }
  }

  private admin: Admin | undefined;

  private async kafkaAdmin(): Promise<Admin> {
    if (!this.admin) {
      const admin = new Kafka({
        clientId: 'e2e-config-wait',
        brokers: this.stack.kafkaSettings.kafkaBrokers,
        logLevel: logLevel.NOTHING,
      }).admin();
      await admin.connect();
      this.admin = admin;
    }
    return this.admin;
  }

  async query<T>(sql: string): Promise<T[]> {
    const result = await this.clickhouse.query({ query: sql, format: 'JSONEachRow' });
    return result.json<T>();
  }

  /** Polls a query until `done` holds or the timeout passes; returns the last rows. */
  async eventually<T>(sql: string, done: (rows: T[]) => boolean, timeoutMs = 30_000): Promise<T[]> {
    const deadline = Date.now() + timeoutMs;
    let rows: T[] = [];
    while (Date.now() < deadline) {
      try {
        rows = await this.query<T>(sql);
        if (done(rows)) return rows;
      } catch {
        // Tables appear once metering has run its migrations.
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    return rows;
  }

  async stop(): Promise<void> {
    await this.admin?.disconnect();
    await this.stack.stopAll();
    await this.seeder.close();
    await this.mock.close();
    await this.clickhouse.command({ query: `DROP DATABASE IF EXISTS ${this.id}` }).catch(() => undefined);
    await this.clickhouse.close();
    await deleteTopics(this.stack.kafkaSettings.kafkaTopicPrefix);
  }
}

export async function deleteTopics(prefix: string): Promise<void> {
  const admin = new Kafka({ clientId: 'e2e-cleanup', brokers: ['127.0.0.1:19092'], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}

/** The config log offsets a service has applied, from its readiness report (none while it is starting). */
async function appliedConfigOffsets(serviceUrl: string): Promise<Record<string, number>> {
  try {
    const report = (await (await fetch(`${serviceUrl}/readyz`)).json()) as {
      details?: { 'config-log'?: { appliedOffsets?: Record<string, number> } };
    };
    return report.details?.['config-log']?.appliedOffsets ?? {};
  } catch {
    return {};
  }
}
