import type {
  AdminToken,
  AlertWebhook,
  Alias,
  ApiKey,
  Budget,
  ConfigEvent,
  Deployment,
  Experiment,
  Feature,
  Plan,
  ProviderCredential,
  RoleBinding,
  RoutingPolicy,
  Tenant,
  User,
} from '@switchyard/contracts';

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
  /** Keyed ownedKey(tenant id, credential id); platform credentials have an empty tenant id. */
  readonly credentials = new Map<string, ProviderCredential>();
  readonly plans = new Map<string, Plan>();
  /** Keyed "<tenant id>/<feature id>". */
  readonly features = new Map<string, Feature>();
  /** Keyed "<tenant id>/<alias id>"; platform aliases have an empty tenant id. */
  readonly aliases = new Map<string, Alias>();
  readonly routingPolicies = new Map<string, RoutingPolicy>();
  readonly experiments = new Map<string, Experiment>();
  readonly users = new Map<string, User>();
  /** Keyed by binding id ("<tenant id or _platform>:<user id>"). */
  readonly roleBindings = new Map<string, RoleBinding>();
  readonly adminTokens = new Map<string, AdminToken>();
  /** Keyed ownedKey(tenant id, budget id); plan budgets have an empty tenant id. */
  readonly budgets = new Map<string, Budget>();
  /** Keyed ownedKey(tenant id, webhook id). */
  readonly alertWebhooks = new Map<string, AlertWebhook>();
  private readonly keysByPrefix = new Map<string, ApiKey>();
  private readonly adminTokensByPrefix = new Map<string, AdminToken>();
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
        upsert(
          this.credentials,
          ownedKey(entity.providerCredential.tenantId, entity.providerCredential.id),
          entity.providerCredential,
          event.deleted,
        );
        break;
      case 'plan':
        upsert(this.plans, entity.plan.id, entity.plan, event.deleted);
        break;
      case 'feature':
        upsert(this.features, `${entity.feature.tenantId}/${entity.feature.id}`, entity.feature, event.deleted);
        break;
      case 'alias':
        upsert(this.aliases, `${entity.alias.tenantId}/${entity.alias.id}`, entity.alias, event.deleted);
        break;
      case 'routingPolicy':
        upsert(this.routingPolicies, entity.routingPolicy.id, entity.routingPolicy, event.deleted);
        break;
      case 'experiment':
        upsert(this.experiments, entity.experiment.id, entity.experiment, event.deleted);
        break;
      case 'user':
        upsert(this.users, entity.user.id, entity.user, event.deleted);
        break;
      case 'roleBinding':
        upsert(this.roleBindings, entity.roleBinding.id, entity.roleBinding, event.deleted);
        break;
      case 'adminToken': {
        const previous = this.adminTokens.get(entity.adminToken.id);
        if (previous) this.adminTokensByPrefix.delete(previous.prefix);
        upsert(this.adminTokens, entity.adminToken.id, entity.adminToken, event.deleted);
        if (!event.deleted) this.adminTokensByPrefix.set(entity.adminToken.prefix, entity.adminToken);
        break;
      }
      case 'budget':
        upsert(this.budgets, ownedKey(entity.budget.tenantId, entity.budget.id), entity.budget, event.deleted);
        break;
      case 'alertWebhook':
        upsert(this.alertWebhooks, ownedKey(entity.alertWebhook.tenantId, entity.alertWebhook.id), entity.alertWebhook, event.deleted);
        break;
    }
    this.applied += 1;
    for (const listener of this.listeners) listener(event);
  }

  feature(tenantId: string, featureId: string): Feature | undefined {
    return this.features.get(`${tenantId}/${featureId}`);
  }

  /** A credential of one owner (a tenant's own, or the platform's with tenant id ''). */
  credential(tenantId: string, credentialId: string): ProviderCredential | undefined {
    return this.credentials.get(ownedKey(tenantId, credentialId));
  }

  /** A budget of one owner (a tenant's own, or a plan budget with tenant id ''). */
  budget(tenantId: string, budgetId: string): Budget | undefined {
    return this.budgets.get(ownedKey(tenantId, budgetId));
  }

  alertWebhook(tenantId: string, webhookId: string): AlertWebhook | undefined {
    return this.alertWebhooks.get(ownedKey(tenantId, webhookId));
  }

  apiKeyByPrefix(prefix: string): ApiKey | undefined {
    return this.keysByPrefix.get(prefix);
  }

  adminTokenByPrefix(prefix: string): AdminToken | undefined {
    return this.adminTokensByPrefix.get(prefix);
  }

  /** The user's bindings (at most one per tenant, plus the platform one). */
  bindingsOf(userId: string): RoleBinding[] {
    return [...this.roleBindings.values()].filter((b) => b.userId === userId);
  }

  enabledDeployments(): Deployment[] {
    return [...this.deployments.values()].filter((d) => d.enabled);
  }
}

/**
 * Budget, alert webhook and provider credential ids are unique within their
 * owner only: two tenants may both have a budget "monthly", and an id another
 * tenant uses is neither refused nor revealed. Ids never contain "/".
 */
export function ownedKey(tenantId: string, id: string): string {
  return `${tenantId}/${id}`;
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
      return `provider_credential/${ownedKey(entity.providerCredential.tenantId, entity.providerCredential.id)}`;
    case 'plan':
      return `plan/${entity.plan.id}`;
    case 'feature':
      return `feature/${entity.feature.tenantId}/${entity.feature.id}`;
    case 'alias':
      return `alias/${entity.alias.tenantId}/${entity.alias.id}`;
    case 'routingPolicy':
      return `routing_policy/${entity.routingPolicy.id}`;
    case 'experiment':
      return `experiment/${entity.experiment.id}`;
    case 'user':
      return `user/${entity.user.id}`;
    case 'roleBinding':
      return `role_binding/${entity.roleBinding.id}`;
    case 'adminToken':
      return `admin_token/${entity.adminToken.id}`;
    case 'budget':
      return `budget/${ownedKey(entity.budget.tenantId, entity.budget.id)}`;
    case 'alertWebhook':
      return `alert_webhook/${ownedKey(entity.alertWebhook.tenantId, entity.alertWebhook.id)}`;
  }
}
