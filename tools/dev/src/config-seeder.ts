import {
  AlertWebhook,
  ApiKey,
  Budget,
  BudgetMetric,
  BudgetWindow,
  Capabilities,
  DecisionAction,
  Deployment,
  Plan,
  PricePerMillionTokens,
  ProviderCredential,
  ScopeKind,
  Tenant,
  TenantStatus,
} from '@switchyard/contracts';
import { validateAlertWebhook, validateBudget } from '@switchyard/budgets';
import { ConfigWriter } from '@switchyard/config-sync';
import { CredentialCipher, issueApiKey, parseKeyEncryptionKeys } from '@switchyard/control-plane';
import { createKafka, ensureTopics, KafkaSettings, TOPICS, topicName } from '@switchyard/event-bus';
import { createLogger } from '@switchyard/platform';
import { PriceTable } from '@switchyard/pricing';
import { Partitioners, Producer } from 'kafkajs';

export interface DeploymentSeed {
  id: string;
  model: string;
  provider: string;
  upstreamModel?: string;
  baseUrl: string;
  region?: string;
  credentialId?: string;
  capabilities?: Partial<Capabilities>;
  price?: Partial<PricePerMillionTokens>;
  options?: Record<string, string>;
  timeoutMs?: number;
  rpmLimit?: number;
  tpmLimit?: number;
  contextWindow?: number;
  enabled?: boolean;
}

export interface IssuedKey {
  readonly id: string;
  readonly plaintext: string;
}

const ALL_CHAT_CAPABILITIES: Capabilities = { chat: true, streaming: true, vision: true, tools: true, jsonMode: true, embeddings: false };

/**
 * Writes configuration events straight to the config topic: the demo setup
 * for `npm start` and the fixtures of integration tests. (Operators use the
 * admin API, which writes the same events.)
 */
export class ConfigSeeder {
  private constructor(
    private readonly producer: Producer,
    private readonly writer: ConfigWriter,
    private readonly cipher: CredentialCipher,
  ) {}

  static async connect(settings: KafkaSettings, keyEncryptionKeys: string): Promise<ConfigSeeder> {
    const log = createLogger({ service: 'seeder', instance: String(process.pid), level: 'warn' });
    const kafka = createKafka(settings, 'switchyard-seeder', log);
    await ensureTopics(kafka, settings.kafkaTopicPrefix, [TOPICS.config, TOPICS.requests, TOPICS.usage, TOPICS.budgetAlerts]);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const topic = topicName(settings.kafkaTopicPrefix, TOPICS.config);
    const writer = new ConfigWriter(
      { publishAndWait: async (t, key, value) => void (await producer.send({ topic: t, acks: -1, messages: [{ key, value: Buffer.from(value) }] })) },
      topic,
      'seeder',
    );
    const { keks, currentKekId } = parseKeyEncryptionKeys(keyEncryptionKeys);
    return new ConfigSeeder(producer, writer, new CredentialCipher(keks, currentKekId));
  }

  async tenant(id: string, fields: Partial<Tenant> = {}): Promise<Tenant> {
    const now = Date.now();
    const tenant = Tenant.fromPartial({ id, name: id, planId: 'default', status: TenantStatus.TENANT_STATUS_ACTIVE, createdAtMs: now, updatedAtMs: now, ...fields });
    await this.writer.write({ $case: 'tenant', tenant }, { kind: 'system', id: 'seeder' });
    return tenant;
  }

  async credential(id: string, provider: string, secret: string, tenantId = ''): Promise<void> {
    const sealed = this.cipher.seal(secret, id);
    const credential = ProviderCredential.fromPartial({ id, tenantId, provider, createdAtMs: Date.now(), ...sealed });
    await this.writer.write({ $case: 'providerCredential', providerCredential: credential }, { kind: 'system', id: 'seeder' });
  }

  async deployment(seed: DeploymentSeed): Promise<Deployment> {
    const upstreamModel = seed.upstreamModel ?? seed.model;
    const list = PriceTable.builtIn().find(seed.provider, upstreamModel);
    const deployment = Deployment.fromPartial({
      id: seed.id,
      model: seed.model,
      provider: seed.provider,
      upstreamModel,
      baseUrl: seed.baseUrl,
      region: seed.region ?? 'us-east',
      credentialRef: seed.credentialId ? `cred:${seed.credentialId}` : '',
      options: seed.options ?? {},
      price: PricePerMillionTokens.fromPartial({
        inputMicroUsd: list?.input ?? 0,
        outputMicroUsd: list?.output ?? 0,
        cachedInputMicroUsd: list?.cachedInput ?? 0,
        cacheWriteMicroUsd: list?.cacheWrite ?? 0,
        ...seed.price,
      }),
      contextWindow: seed.contextWindow ?? 128_000,
      capabilities: { ...ALL_CHAT_CAPABILITIES, ...seed.capabilities },
      rpmLimit: seed.rpmLimit ?? 0,
      tpmLimit: seed.tpmLimit ?? 0,
      enabled: seed.enabled ?? true,
      timeoutMs: seed.timeoutMs ?? 0,
    });
    await this.writer.write({ $case: 'deployment', deployment }, { kind: 'system', id: 'seeder' });
    return deployment;
  }

  async issueKey(tenantId: string, fields: Partial<ApiKey> = {}): Promise<IssuedKey> {
    const issued = issueApiKey('test');
    const key = ApiKey.fromPartial({
      id: issued.id,
      tenantId,
      name: 'seeded',
      prefix: issued.prefix,
      secretHash: issued.secretHash,
      createdAtMs: Date.now(),
      ...fields,
    });
    await this.writer.write({ $case: 'apiKey', apiKey: key }, { kind: 'system', id: 'seeder' });
    return { id: key.id, plaintext: issued.plaintext };
  }

  async plan(id: string, fields: Partial<Plan> = {}): Promise<Plan> {
    const now = Date.now();
    const plan = Plan.fromPartial({ id, name: id, createdAtMs: now, updatedAtMs: now, ...fields });
    await this.writer.write({ $case: 'plan', plan }, { kind: 'system', id: 'seeder' });
    return plan;
  }

  /** An alert webhook whose HMAC secret is sealed like a provider credential (bound to "alert_webhook/<id>"). */
  async alertWebhook(id: string, tenantId: string, url: string, secret: string): Promise<AlertWebhook> {
    const now = Date.now();
    const draft = AlertWebhook.fromPartial({ id, tenantId, url, enabled: true, createdAtMs: now, updatedAtMs: now });
    const problems = validateAlertWebhook(draft, secret);
    if (problems.length > 0) throw new Error(`invalid alert webhook: ${JSON.stringify(problems)}`);
    const webhook = { ...draft, ...this.cipher.seal(secret, `alert_webhook/${id}`) };
    await this.writer.write({ $case: 'alertWebhook', alertWebhook: webhook }, { kind: 'system', id: 'seeder' });
    return webhook;
  }

  /** A budget (defaults: a tenant's monthly money budget that blocks at 100%, alerts at 50/80/100%); validated like the admin API will. */
  async budget(fields: Partial<Budget> & Pick<Budget, 'id'>): Promise<Budget> {
    const now = Date.now();
    const budget = Budget.fromPartial({
      scope: ScopeKind.SCOPE_KIND_TENANT,
      metric: BudgetMetric.BUDGET_METRIC_COST_MICRO_USD,
      window: BudgetWindow.BUDGET_WINDOW_MONTH,
      action: DecisionAction.DECISION_ACTION_BLOCK,
      enabled: true,
      createdAtMs: now,
      updatedAtMs: now,
      ...fields,
    });
    const problems = validateBudget(budget);
    if (problems.length > 0) throw new Error(`invalid budget: ${JSON.stringify(problems)}`);
    await this.writer.write({ $case: 'budget', budget }, { kind: 'system', id: 'seeder' });
    return budget;
  }

  async close(): Promise<void> {
    await this.producer.disconnect();
  }
}
