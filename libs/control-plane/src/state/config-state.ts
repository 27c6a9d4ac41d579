import type { AlertWebhook, ApiKey, Budget, ConfigEvent, Deployment, Feature, Plan, ProviderCredential, Tenant } from '@switchyard/contracts';

export type ConfigEntityKind = NonNullable<ConfigEvent['entity']>['$case'];
export type ConfigChangeListener = (event: ConfigEvent) => void;

/**
 * The configuration a service rebuilds by replaying the config topic: the
 * latest state of every tenant, key, deployment and credential. Pure and
 * synchronous; what feeds it (Kafka, a test) is someone else's concern.
 */
export class ConfigState {
  readonly tenants = new Map<string, Tenant>();
  readonly apiKeys = new Map<string, ApiKey>();
  readonly deployments = new Map<string, Deployment>();
  readonly credentials = new Map<string, ProviderCredential>();
  readonly plans = new Map<string, Plan>();
  /** Keyed "<tenant id>/<feature id>". */
  readonly features = new Map<string, Feature>();
  readonly budgets = new Map<string, Budget>();
  readonly alertWebhooks = new Map<string, AlertWebhook>();
  private readonly keysByPrefix = new Map<string, ApiKey>();
  private readonly listeners = new Set<ConfigChangeListener>();
  private applied = 0;

  get appliedEvents(): number {
    return this.applied;
  }

  onChange(listener: ConfigChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  apply(event: ConfigEvent): void {
    const entity = event.entity;
    if (!entity) return;
    switch (entity.$case) {
      case 'tenant':
        upsert(this.tenants, entity.tenant.id, entity.tenant, event.deleted);
        break;
      case 'apiKey': {
        const previous = this.apiKeys.get(entity.apiKey.id);
        if (previous) this.keysByPrefix.delete(previous.prefix);
        upsert(this.apiKeys, entity.apiKey.id, entity.apiKey, event.deleted);
        if (!event.deleted) this.keysByPrefix.set(entity.apiKey.prefix, entity.apiKey);
        break;
      }
      case 'deployment':
        upsert(this.deployments, entity.deployment.id, entity.deployment, event.deleted);
        break;
      case 'providerCredential':
        upsert(this.credentials, entity.providerCredential.id, entity.providerCredential, event.deleted);
        break;
      case 'plan':
        upsert(this.plans, entity.plan.id, entity.plan, event.deleted);
        break;
      case 'feature':
        upsert(this.features, `${entity.feature.tenantId}/${entity.feature.id}`, entity.feature, event.deleted);
        break;
      case 'budget':
        upsert(this.budgets, entity.budget.id, entity.budget, event.deleted);
        break;
      case 'alertWebhook':
        upsert(this.alertWebhooks, entity.alertWebhook.id, entity.alertWebhook, event.deleted);
        break;
    }
    this.applied += 1;
    for (const listener of this.listeners) listener(event);
  }

  feature(tenantId: string, featureId: string): Feature | undefined {
    return this.features.get(`${tenantId}/${featureId}`);
  }

  apiKeyByPrefix(prefix: string): ApiKey | undefined {
    return this.keysByPrefix.get(prefix);
  }

  enabledDeployments(): Deployment[] {
    return [...this.deployments.values()].filter((d) => d.enabled);
  }
}

function upsert<T>(map: Map<string, T>, id: string, value: T, deleted: boolean): void {
  if (deleted) map.delete(id);
  else map.set(id, value);
}

/** Compaction key of a config event: the latest event per key is the entity's truth. */
export function configEventKey(event: ConfigEvent): string {
  const entity = event.entity;
  if (!entity) throw new Error('config event without an entity');
  switch (entity.$case) {
    case 'tenant':
      return `tenant/${entity.tenant.id}`;
    case 'apiKey':
      return `api_key/${entity.apiKey.id}`;
    case 'deployment':
      return `deployment/${entity.deployment.id}`;
    case 'providerCredential':
      return `provider_credential/${entity.providerCredential.id}`;
    case 'plan':
      return `plan/${entity.plan.id}`;
    case 'feature':
      return `feature/${entity.feature.tenantId}/${entity.feature.id}`;
    case 'budget':
      return `budget/${entity.budget.id}`;
    case 'alertWebhook':
      return `alert_webhook/${entity.alertWebhook.id}`;
  }
}
