import { ApiKey } from '@switchyard/contracts';
import { issueApiKey, revokeApiKey, rotateApiKey } from '@switchyard/control-plane';
import { conflict, notFound } from '../http/admin-errors';
import { route } from '../http/admin-route';
import type { AdminCall } from '../http/admin-route';
import { listOf, listSchema } from '../http/views';
import { requireTenant } from '../tenants/tenant.routes';
import { API_KEY_SCHEMA, apiKeyView, ISSUED_API_KEY_SCHEMA } from './api-key.view';
import { checkKeyScope, createApiKeyBody, rotateApiKeyBody } from './api-key.validator';

const DEFAULT_OVERLAP_SECONDS = 24 * 3600;

function requireKey(call: AdminCall<unknown>): ApiKey {
  const tenant = requireTenant(call);
  const id = call.params['keyId'] ?? '';
  const key = call.deps.state.apiKeys.get(id);
  // Another tenant's key is "not found" here: the route's tenant is the only one in view.
  if (!key || key.tenantId !== tenant.id) throw notFound('API key', id);
  return key;
}

export const apiKeyRoutes = [
  route({
    method: 'GET',
    path: '/tenants/{tenantId}/api-keys',
    permission: 'api_key.read',
    tag: 'api-keys',
    summary: "List the tenant's API keys (never their secrets)",
    response: listSchema(API_KEY_SCHEMA),
    handle: (call) => {
      const tenant = requireTenant(call);
      return listOf([...call.deps.state.apiKeys.values()].filter((k) => k.tenantId === tenant.id).map((k) => apiKeyView(k, call.nowMs)));
    },
  }),
  route({
    method: 'POST',
    path: '/tenants/{tenantId}/api-keys',
    permission: 'api_key.write',
    tag: 'api-keys',
    summary: 'Create an API key; the secret is in this answer only',
    body: createApiKeyBody,
    unprocessable: 'plan_id names no plan',
    response: ISSUED_API_KEY_SCHEMA,
    handle: async (call) => {
      const tenant = requireTenant(call);
      const b = call.body;
      checkKeyScope(call.deps.state, tenant, b, call.nowMs);
      const issued = issueApiKey(b.environment ?? 'live');
      const key = ApiKey.fromPartial({
        id: issued.id,
        tenantId: tenant.id,
        name: b.name,
        prefix: issued.prefix,
        secretHash: issued.secretHash,
        planId: b.plan_id ?? '',
        features: b.features ?? [],
        allowedModels: b.allowed_models ?? [],
        allowedRegions: b.allowed_regions ?? [],
        expiresAtMs: b.expires_at_ms ?? 0,
        createdAtMs: call.nowMs,
      });
      await call.write({ $case: 'apiKey', apiKey: key });
      return { ...apiKeyView(key, call.nowMs), key: issued.plaintext };
    },
  }),
  route({
    method: 'GET',
    path: '/tenants/{tenantId}/api-keys/{keyId}',
    permission: 'api_key.read',
    tag: 'api-keys',
    summary: 'Read one API key',
    response: API_KEY_SCHEMA,
    handle: (call) => apiKeyView(requireKey(call), call.nowMs),
  }),
  route({
    method: 'POST',
    path: '/tenants/{tenantId}/api-keys/{keyId}/rotate',
    permission: 'api_key.write',
    tag: 'api-keys',
    summary: 'Rotate: a new key with the same scope (secret in this answer only); the old one works until the overlap ends',
    body: rotateApiKeyBody,
    response: objectSchema2(),
    destructive: true,
    handle: async (call) => {
      const old = requireKey(call);
      const issued = issueApiKey(old.prefix.startsWith('sy_test_') ? 'test' : 'live');
      const result = rotateApiKey(old, issued, call.nowMs, (call.body.overlap_seconds ?? DEFAULT_OVERLAP_SECONDS) * 1000, call.body.name);
      if ('refused' in result) throw conflict(`The API key '${old.id}' is ${result.refused} and cannot be rotated.`);
      // Successor first: if the second write fails, the tenant still has a working key.
      await call.write({ $case: 'apiKey', apiKey: result.successor });
      await call.write({ $case: 'apiKey', apiKey: result.retired });
      return { ...apiKeyView(result.successor, call.nowMs), key: issued.plaintext, previous: apiKeyView(result.retired, call.nowMs) };
    },
  }),
  route({
    method: 'POST',
    path: '/tenants/{tenantId}/api-keys/{keyId}/revoke',
    permission: 'api_key.write',
    tag: 'api-keys',
    summary: 'Revoke an API key (effective on every replica within a second)',
    response: API_KEY_SCHEMA,
    destructive: true,
    successStatus: 200,
    handle: async (call) => {
      const key = revokeApiKey(requireKey(call), call.nowMs);
      await call.write({ $case: 'apiKey', apiKey: key });
      return apiKeyView(key, call.nowMs);
    },
  }),
];

function objectSchema2() {
  return { ...ISSUED_API_KEY_SCHEMA, properties: { ...(ISSUED_API_KEY_SCHEMA.properties as object), previous: API_KEY_SCHEMA } };
}
