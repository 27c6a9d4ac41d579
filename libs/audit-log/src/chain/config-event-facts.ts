import { ConfigEvent } from '@switchyard/contracts';
import { configEventKey } from '@switchyard/control-plane';
import { createHash } from 'node:crypto';
import type { AuditFacts } from './audit-entry';

type Entity = NonNullable<ConfigEvent['entity']>;

// Secrets (hashes of keys, sealed provider keys) are never copied into the
// audit log; a short fingerprint still shows *that* they changed.
const SECRET_FIELDS = new Set(['secretHash', 'ciphertextB64', 'ivB64', 'authTagB64']);

const KIND: Record<Entity['$case'], string> = {
  tenant: 'tenant',
  apiKey: 'api_key',
  deployment: 'deployment',
  providerCredential: 'provider_credential',
  plan: 'plan',
  feature: 'feature',
  user: 'user',
  roleBinding: 'role_binding',
  adminToken: 'admin_token',
  alias: 'alias',
  routingPolicy: 'routing_policy',
  experiment: 'experiment',
  budget: 'budget',
  alertWebhook: 'alert_webhook',
};

/** The entity as the audit log shows it: proto JSON, secrets replaced by fingerprints. */
export function entityJson(entity: Entity): string {
  const json = ConfigEvent.toJSON(ConfigEvent.fromPartial({ entity })) as Record<string, unknown>;
  const value = Object.values(json).find((v) => typeof v === 'object' && v !== null) ?? {};
  return JSON.stringify(value, (key, v: unknown) =>
    SECRET_FIELDS.has(key) && typeof v === 'string' && v !== '' ? `sha256:${createHash('sha256').update(v).digest('hex').slice(0, 12)}` : v,
  );
}

/** The tenant whose chain an entity belongs to ('' = platform); admin tokens follow their user's tenant. */
export function entityTenant(entity: Entity, userTenant: (userId: string) => string): string {
  switch (entity.$case) {
    case 'tenant':
      return entity.tenant.id;
    case 'apiKey':
      return entity.apiKey.tenantId;
    case 'providerCredential':
      return entity.providerCredential.tenantId;
    case 'feature':
      return entity.feature.tenantId;
    case 'user':
      return entity.user.tenantId;
    case 'roleBinding':
      return entity.roleBinding.tenantId;
    case 'adminToken':
      return userTenant(entity.adminToken.userId);
    case 'alias':
      return entity.alias.tenantId;
    case 'experiment':
      return entity.experiment.tenantId;
    case 'budget':
      return entity.budget.tenantId;
    case 'alertWebhook':
      return entity.alertWebhook.tenantId;
    case 'deployment':
    case 'plan':
    case 'routingPolicy':
      return '';
  }
}

/** Who did what to which entity, when and from where; `before` is the entity's previous audited state. */
export function configEventFacts(event: ConfigEvent, before: string, userTenant: (userId: string) => string): AuditFacts {
  const entity = event.entity;
  if (!entity) throw new Error('config event without an entity');
  const actor = event.actor;
  return {
    event_id: event.meta?.eventId ?? '',
    occurred_at_ms: event.meta?.occurredAtMs ?? 0,
    chain_tenant_id: entityTenant(entity, userTenant),
    actor_kind: actor?.kind ?? '',
    actor_id: actor?.id ?? '',
    actor_tenant_id: actor?.tenantId ?? '',
    source_ip: actor?.sourceIp ?? '',
    request_id: actor?.requestId ?? '',
    operation: actor?.operation ?? '',
    action: event.deleted ? 'delete' : before ? 'update' : 'create',
    entity_kind: KIND[entity.$case],
    entity_key: configEventKey(event),
    before_json: before,
    after_json: event.deleted ? '' : entityJson(entity),
  };
}
