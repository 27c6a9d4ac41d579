import {
  AlertWebhook,
  Alias,
  ApiKey,
  Budget,
  BudgetMetric,
  BudgetWindow,
  Capabilities,
  DecisionAction,
  Deployment,
  Experiment,
  Feature,
  Plan,
  PricePerMillionTokens,
  ProviderCredential,
  RoutingPolicy,
  ScopeKind,
  Tenant,
  TenantStatus,
} from '@switchyard/contracts';
import type { ConfigEvent } from '@switchyard/contracts';
import { validateAlertWebhook, validateBudget } from '@switchyard/budgets';
import type { ConfigWriter } from '@switchyard/config-sync';
import { CredentialCipher, credentialRef, issueApiKey, parseKeyEncryptionKeys } from '@switchyard/control-plane';
import type { KafkaSettings } from '@switchyard/event-bus';
import { PriceTable } from '@switchyard/pricing';
import { openConfigLogWriter } from './config-log-writer';

export interface DeploymentSeed {
  id: string;
  model: string;
  provider: string;
  upstreamModel?: string;
  baseUrl: string;
  region?: string;
  credentialId?: string;
  /** Owner of credentialId when it is a tenant's own (BYO) credential; omitted: a platform credential. */
  credentialTenantId?: string;
  capabilities?: Partial<Capabilities>;
  price?: Partial<PricePerMillionTokens>;
  options?: Record<string, string>;
  timeoutMs?: number;
  rpmLimit?: number;
  tpmLimit?: number;
  contextWindow?: number;
  enabled?: boolean;
  /** Deployment.model_class: policies rank only within one class; omitted, the model is its own class. */
  modelClass?: string;
}

export interface IssuedKey {
  readonly id: string;
  readonly plaintext: string;
}

const ALL_CHAT_CAPABILITIES: Capabilities = {
  chat: true,
  streaming: true,
  vision: true,
  tools: true,
  jsonMode: true,
  embeddings: false,
  moderation: false,
  transcription: false,
  speech: false,
  imageGeneration: false,
};

/**
 * Writes configuration events straight to the config topic: the demo setup
 * for `npm start` and the fixtures of integration tests. (Operators use the
 * admin API, which writes the same events.)
 */
export class ConfigSeeder {
  private constructor(
    private readonly writer: ConfigWriter,
    private readonly closeWriter: () => Promise<void>,
    private readonly cipher: CredentialCipher,
  ) {}

  static async connect(settings: KafkaSettings, keyEncryptionKeys: string): Promise<ConfigSeeder> {
    const { writer, close } = await openConfigLogWriter(settings, 'switchyard-seeder', 'seeder');
    const { keks, currentKekId } = parseKeyEncryptionKeys(keyEncryptionKeys);
    return new ConfigSeeder(writer, close, new CredentialCipher(keks, currentKekId));
  }

  async tenant(id: string, fields: Partial<Tenant> = {}): Promise<Tenant> {
    const now = Date.now();
    const tenant = Tenant.fromPartial({
      id,
      name: id,
      planId: '',
      status: TenantStatus.TENANT_STATUS_ACTIVE,
      createdAtMs: now,
      updatedAtMs: now,
      ...fields,
    });
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
      credentialRef: seed.credentialId ? credentialRef(seed.credentialTenantId ?? '', seed.credentialId) : '',
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
      modelClass: seed.modelClass ?? '',
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
    await this.write({ $case: 'plan', plan });
    return plan;
  }

  async feature(tenantId: string, id: string, route: string): Promise<Feature> {
    const now = Date.now();
    const feature = Feature.fromPartial({ id, tenantId, name: id, route, createdAtMs: now, updatedAtMs: now });
    await this.write({ $case: 'feature', feature });
    return feature;
  }

  async alias(id: string, chain: string[], fields: Partial<Alias> = {}): Promise<Alias> {
    const now = Date.now();
    const alias = Alias.fromPartial({ id, chain, createdAtMs: now, updatedAtMs: now, ...fields });
    await this.write({ $case: 'alias', alias });
    return alias;
  }

  async routingPolicy(policy: Partial<RoutingPolicy> & { id: string }): Promise<RoutingPolicy> {
    const now = Date.now();
    const full = RoutingPolicy.fromPartial({ createdAtMs: now, updatedAtMs: now, ...policy });
    await this.write({ $case: 'routingPolicy', routingPolicy: full });
    return full;
  }

  async experiment(experiment: Partial<Experiment> & { id: string; aliasId: string }): Promise<Experiment> {
    const now = Date.now();
    const full = Experiment.fromPartial({ enabled: true, createdAtMs: now, updatedAtMs: now, ...experiment });
    await this.write({ $case: 'experiment', experiment: full });
    return full;
  }

  /** An alert webhook whose HMAC secret is sealed like a provider credential (bound to "alert_webhook/<id>"). */
  async alertWebhook(id: string, tenantId: string, url: string, secret: string): Promise<AlertWebhook> {
    const now = Date.now();
    const draft = AlertWebhook.fromPartial({ id, tenantId, url, enabled: true, createdAtMs: now, updatedAtMs: now });
    const problems = validateAlertWebhook(draft, secret);
    if (problems.length > 0) throw new Error(`invalid alert webhook: ${JSON.stringify(problems)}`);
    const webhook = { ...draft, ...this.cipher.seal(secret, `alert_webhook/${id}`) };
    await this.write({ $case: 'alertWebhook', alertWebhook: webhook });
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
    await this.write({ $case: 'budget', budget });
    return budget;
  }

  /** Any config entity as it is (or its deletion). */
  async write(entity: NonNullable<ConfigEvent['entity']>, deleted = false): Promise<void> {
    await this.writer.write(entity, { kind: 'system', id: 'seeder' }, deleted);
  }

  async close(): Promise<void> {
    await this.closeWriter();
  }
}
