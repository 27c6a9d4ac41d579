import { AdminToken } from '@switchyard/contracts';
import type { AdminToken as TokenEntity } from '@switchyard/contracts';
import { issueAdminToken } from '@switchyard/control-plane';
import { notFound } from '../http/admin-errors';
import { route } from '../http/admin-route';
import type { AdminCall } from '../http/admin-route';
import { Scope, scopePrefix } from '../http/scope';
import { listOf, listSchema, objectSchema, S } from '../http/views';
import { requireUser } from '../users/user.routes';
import { nameField } from '../validation/common-fields';
import { int, invalid, obj, optional } from '../validation/schema';

const createTokenBody = obj({
  name: nameField('What the token is for'),
  expires_at_ms: optional(int({ min: 0, description: 'Epoch ms after which the token stops working; 0 or omitted means never' })),
});

const tokenView = (t: TokenEntity, nowMs: number) => ({
  id: t.id,
  user_id: t.userId,
  name: t.name,
  prefix: t.prefix,
  expires_at_ms: t.expiresAtMs,
  revoked_at_ms: t.revokedAtMs,
  created_at_ms: t.createdAtMs,
  status: t.revokedAtMs > 0 && t.revokedAtMs <= nowMs ? 'revoked' : t.expiresAtMs > 0 && t.expiresAtMs <= nowMs ? 'expired' : 'active',
});
const TOKEN_SCHEMA = objectSchema({
  id: S.string,
  user_id: S.string,
  name: S.string,
  prefix: S.string,
  expires_at_ms: S.int,
  revoked_at_ms: S.int,
  created_at_ms: S.int,
  status: { type: 'string', enum: ['active', 'expired', 'revoked'] },
});
const ISSUED_TOKEN_SCHEMA = {
  ...TOKEN_SCHEMA,
  properties: {
    ...(TOKEN_SCHEMA['properties'] as object),
    token: { type: 'string', description: 'The admin token. Shown once; only its hash is stored.' },
  },
};

function requireToken(call: AdminCall<unknown>, scope: Scope): TokenEntity {
  const user = requireUser(call, scope);
  const id = call.params['tokenId'] ?? '';
  const token = call.deps.state.adminTokens.get(id);
  if (!token || token.userId !== user.id) throw notFound('admin token', id);
  return token;
}

function tokenRoutes(scope: Scope) {
  const base = `${scopePrefix(scope)}/users/{userId}/tokens`;
  const [read, write] =
    scope === 'tenant' ? (['admin_token.read', 'admin_token.write'] as const) : (['platform.manage', 'platform.manage'] as const);
  return [
    route({
      method: 'GET',
      path: base,
      permission: read,
      tag: 'admin-tokens',
      summary: "List a user's admin tokens (never their secrets)",
      response: listSchema(TOKEN_SCHEMA),
      handle: (call) => {
        const user = requireUser(call, scope);
        return listOf([...call.deps.state.adminTokens.values()].filter((t) => t.userId === user.id).map((t) => tokenView(t, call.nowMs)));
      },
    }),
    route({
      method: 'POST',
      path: base,
      permission: write,
      tag: 'admin-tokens',
      summary: 'Issue an admin token for a user; the secret is in this answer only',
      body: createTokenBody,
      response: ISSUED_TOKEN_SCHEMA,
      handle: async (call) => {
        const user = requireUser(call, scope);
        if (call.body.expires_at_ms && call.body.expires_at_ms <= call.nowMs) throw invalid('expires_at_ms', 'must be in the future.');
        const issued = issueAdminToken();
        const token = AdminToken.fromPartial({
          id: issued.id,
          userId: user.id,
          name: call.body.name,
          prefix: issued.prefix,
          secretHash: issued.secretHash,
          expiresAtMs: call.body.expires_at_ms ?? 0,
          createdAtMs: call.nowMs,
        });
        await call.write({ $case: 'adminToken', adminToken: token });
        return { ...tokenView(token, call.nowMs), token: issued.plaintext };
      },
    }),
    route({
      method: 'POST',
      path: `${base}/{tokenId}/revoke`,
      permission: write,
      tag: 'admin-tokens',
      summary: 'Revoke an admin token',
      destructive: true,
      successStatus: 200,
      response: TOKEN_SCHEMA,
      handle: async (call) => {
        const old = requireToken(call, scope);
        const token = AdminToken.fromPartial({ ...old, revokedAtMs: old.revokedAtMs > 0 ? old.revokedAtMs : call.nowMs });
        await call.write({ $case: 'adminToken', adminToken: token });
        return tokenView(token, call.nowMs);
      },
    }),
  ];
}

export const adminTokenRoutes = [...tokenRoutes('platform'), ...tokenRoutes('tenant')];
