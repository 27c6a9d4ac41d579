import { Capabilities, Deployment, PricePerMillionTokens } from '@switchyard/contracts';
import type { Deployment as DeploymentEntity } from '@switchyard/contracts';
import { credentialRef, parseCredentialRef } from '@switchyard/control-plane';
import { notFound } from '../http/admin-errors';
import { route } from '../http/admin-route';
import { DELETED_SCHEMA, listOf, listSchema, objectSchema, S } from '../http/views';
import { idField, modelClassField, regionField } from '../validation/common-fields';
import { bool, int, obj, optional, str, stringMap } from '../validation/schema';

const capabilities = obj({
  chat: optional(bool()),
  streaming: optional(bool()),
  vision: optional(bool()),
  tools: optional(bool()),
  json_mode: optional(bool()),
  embeddings: optional(bool()),
  moderation: optional(bool()),
  transcription: optional(bool()),
  speech: optional(bool()),
  image_generation: optional(bool()),
});
const price = obj(
  {
    input_micro_usd: optional(int()),
    output_micro_usd: optional(int()),
    cached_input_micro_usd: optional(int()),
    cache_write_micro_usd: optional(int()),
    audio_minute_micro_usd: optional(int()),
    million_characters_micro_usd: optional(int()),
    image_micro_usd: optional(int()),
  },
  'Integer micro-USD per million tokens; non-token models: per minute of audio, per million characters, per image',
);

const deploymentBody = obj({
  model: str({ min: 1, max: 128, description: 'Public model name callers use' }),
  provider: str({ min: 1, max: 32, pattern: /^[a-z][a-z0-9-]*$/, patternHint: 'use a provider family name such as "openai".' }),
  upstream_model: optional(str({ min: 1, max: 128 })),
  base_url: str({ min: 1, max: 2048, pattern: /^https?:\/\//, patternHint: 'use an http(s) URL.' }),
  region: regionField,
  credential_id: optional(idField('Provider credential used for this deployment')),
  credential_tenant_id: optional(
    idField("Owner of credential_id when it is a tenant's own (BYO) credential; omitted: a platform credential"),
  ),
  options: optional(stringMap(str({ max: 1024 }))),
  price: optional(price),
  context_window: optional(int({ min: 0, max: 100_000_000 })),
  capabilities: optional(capabilities),
  rpm_limit: optional(int({ min: 0 })),
  tpm_limit: optional(int({ min: 0 })),
  enabled: optional(bool()),
  timeout_ms: optional(int({ min: 0, max: 3_600_000 })),
  model_class: optional(
    modelClassField('What kind of model this is ("chat-small"): policies rank only within one class; omitted: the model is its own class'),
  ),
});

const deploymentView = (d: DeploymentEntity) => ({
  id: d.id,
  model: d.model,
  provider: d.provider,
  upstream_model: d.upstreamModel,
  base_url: d.baseUrl,
  region: d.region,
  credential_id: parseCredentialRef(d.credentialRef)?.credentialId ?? '',
  credential_tenant_id: parseCredentialRef(d.credentialRef)?.tenantId ?? '',
  options: d.options,
  enabled: d.enabled,
  context_window: d.contextWindow,
  rpm_limit: d.rpmLimit,
  tpm_limit: d.tpmLimit,
  timeout_ms: d.timeoutMs,
  model_class: d.modelClass,
  price: {
    input_micro_usd: d.price?.inputMicroUsd ?? 0,
    output_micro_usd: d.price?.outputMicroUsd ?? 0,
    cached_input_micro_usd: d.price?.cachedInputMicroUsd ?? 0,
    cache_write_micro_usd: d.price?.cacheWriteMicroUsd ?? 0,
    audio_minute_micro_usd: d.price?.audioMinuteMicroUsd ?? 0,
    million_characters_micro_usd: d.price?.millionCharactersMicroUsd ?? 0,
    image_micro_usd: d.price?.imageMicroUsd ?? 0,
  },
  capabilities: {
    chat: d.capabilities?.chat ?? false,
    streaming: d.capabilities?.streaming ?? false,
    vision: d.capabilities?.vision ?? false,
    tools: d.capabilities?.tools ?? false,
    json_mode: d.capabilities?.jsonMode ?? false,
    embeddings: d.capabilities?.embeddings ?? false,
    moderation: d.capabilities?.moderation ?? false,
    transcription: d.capabilities?.transcription ?? false,
    speech: d.capabilities?.speech ?? false,
    image_generation: d.capabilities?.imageGeneration ?? false,
  },
});
const DEPLOYMENT_SCHEMA = objectSchema({
  id: S.string,
  model: S.string,
  provider: S.string,
  upstream_model: S.string,
  base_url: S.string,
  region: S.string,
  credential_id: S.string,
  enabled: S.bool,
  model_class: S.string,
});

export const deploymentRoutes = [
  route({
    method: 'GET',
    path: '/deployments',
    permission: 'platform.manage',
    tag: 'deployments',
    summary: 'List deployments',
    response: listSchema(DEPLOYMENT_SCHEMA),
    handle: ({ deps }) => listOf([...deps.state.deployments.values()].map(deploymentView)),
  }),
  route({
    method: 'PUT',
    path: '/deployments/{deploymentId}',
    permission: 'platform.manage',
    tag: 'deployments',
    summary: 'Create or replace a deployment (one provider model at one endpoint in one region)',
    body: deploymentBody,
    response: DEPLOYMENT_SCHEMA,
    handle: async (call) => {
      const id = idField('deployment id').parse(call.params['deploymentId'], 'deploymentId');
      const b = call.body;
      const credentialTenantId = b.credential_tenant_id ?? '';
      if (b.credential_id && !call.deps.state.credential(credentialTenantId, b.credential_id))
        throw notFound('provider credential', b.credential_id);
      const c = b.capabilities;
      const deployment = Deployment.fromPartial({
        id,
        model: b.model,
        provider: b.provider,
        upstreamModel: b.upstream_model ?? b.model,
        baseUrl: b.base_url,
        region: b.region,
        credentialRef: b.credential_id ? credentialRef(credentialTenantId, b.credential_id) : '',
        options: b.options ?? {},
        price: PricePerMillionTokens.fromPartial({
          inputMicroUsd: b.price?.input_micro_usd ?? 0,
          outputMicroUsd: b.price?.output_micro_usd ?? 0,
          cachedInputMicroUsd: b.price?.cached_input_micro_usd ?? 0,
          cacheWriteMicroUsd: b.price?.cache_write_micro_usd ?? 0,
          audioMinuteMicroUsd: b.price?.audio_minute_micro_usd ?? 0,
          millionCharactersMicroUsd: b.price?.million_characters_micro_usd ?? 0,
          imageMicroUsd: b.price?.image_micro_usd ?? 0,
        }),
        contextWindow: b.context_window ?? 0,
        capabilities: Capabilities.fromPartial({
          chat: c?.chat ?? true,
          streaming: c?.streaming ?? true,
          vision: c?.vision ?? false,
          tools: c?.tools ?? false,
          jsonMode: c?.json_mode ?? false,
          embeddings: c?.embeddings ?? false,
          moderation: c?.moderation ?? false,
          transcription: c?.transcription ?? false,
          speech: c?.speech ?? false,
          imageGeneration: c?.image_generation ?? false,
        }),
        rpmLimit: b.rpm_limit ?? 0,
        tpmLimit: b.tpm_limit ?? 0,
        enabled: b.enabled ?? true,
        timeoutMs: b.timeout_ms ?? 0,
        modelClass: b.model_class ?? '',
      });
      await call.write({ $case: 'deployment', deployment });
      return deploymentView(deployment);
    },
  }),
  route({
    method: 'DELETE',
    path: '/deployments/{deploymentId}',
    permission: 'platform.manage',
    tag: 'deployments',
    summary: 'Delete a deployment (refused while aliases, experiments, features, plans, keys, policies or budgets name it)',
    response: DELETED_SCHEMA,
    conflicts: 'Aliases, experiment arms, feature routes, plan or key allow-lists, routing policies or budget downgrades still name it',
    handle: async (call) => {
      const id = call.params['deploymentId'] ?? '';
      const deployment = call.deps.state.deployments.get(id);
      if (!deployment) throw notFound('deployment', id);
      call.checkReferences({ kind: 'deployment', id });
      await call.write({ $case: 'deployment', deployment }, true);
      return { id, deleted: true };
    },
  }),
];
