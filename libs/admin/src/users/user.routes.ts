import { User, UserStatus } from '@switchyard/contracts';
import type { User as UserEntity } from '@switchyard/contracts';
import { randomBytes } from 'node:crypto';
import { conflict, notFound } from '../http/admin-errors';
import { route } from '../http/admin-route';
import type { AdminCall } from '../http/admin-route';
import { Scope, scopePrefix, scopeTenantId } from '../http/scope';
import { listOf, listSchema, objectSchema, S } from '../http/views';
import { idField, nameField } from '../validation/common-fields';
import { obj, oneOf, optional, str } from '../validation/schema';

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/;
const createUserBody = obj({
  id: optional(idField('User id; generated when omitted')),
  email: str({ min: 3, max: 320, pattern: EMAIL, patternHint: 'use an email address.' }),
  name: nameField(),
});
const updateUserBody = obj({
  name: optional(nameField()),
  status: optional(oneOf(['active', 'disabled'] as const, "Disabled users' admin tokens stop working")),
});

export const userView = (u: UserEntity) => ({
  id: u.id,
  tenant_id: u.tenantId,
  email: u.email,
  name: u.name,
  status: u.status === UserStatus.USER_STATUS_DISABLED ? 'disabled' : 'active',
  created_at_ms: u.createdAtMs,
  updated_at_ms: u.updatedAtMs,
});
const USER_SCHEMA = objectSchema({
  id: S.string,
  tenant_id: S.string,
  email: S.string,
  name: S.string,
  status: { type: 'string', enum: ['active', 'disabled'] },
  created_at_ms: S.int,
  updated_at_ms: S.int,
});

/** The user named by the route, who must belong to the route's scope. */
export function requireUser(call: AdminCall<unknown>, scope: Scope): UserEntity {
  const tenantId = scopeTenantId(call, scope);
  const id = call.params['userId'] ?? '';
  const user = call.deps.state.users.get(id);
  if (!user || user.tenantId !== tenantId) throw notFound('user', id);
  return user;
}

function userRoutes(scope: Scope) {
  const base = `${scopePrefix(scope)}/users`;
  const [read, write] = scope === 'tenant' ? (['user.read', 'user.write'] as const) : (['platform.manage', 'platform.manage'] as const);
  const who = scope === 'tenant' ? "the tenant's" : 'platform staff';
  return [
    route({
      method: 'GET',
      path: base,
      permission: read,
      tag: 'users',
      summary: `List ${who} users`,
      response: listSchema(USER_SCHEMA),
      handle: (call) => {
        const tenantId = scopeTenantId(call, scope);
        return listOf([...call.deps.state.users.values()].filter((u) => u.tenantId === tenantId).map(userView));
      },
    }),
    route({
      method: 'POST',
      path: base,
      permission: write,
      tag: 'users',
      summary: `Create a user (${who}); give them a role with a role binding`,
      body: createUserBody,
      response: USER_SCHEMA,
      handle: async (call) => {
        const tenantId = scopeTenantId(call, scope);
        const id = call.body.id ?? `usr_${randomBytes(6).toString('hex')}`;
        if (call.deps.state.users.has(id)) throw conflict(`A user with id '${id}' already exists.`);
        const user = User.fromPartial({
          id,
          tenantId,
          email: call.body.email,
          name: call.body.name,
          status: UserStatus.USER_STATUS_ACTIVE,
          createdAtMs: call.nowMs,
          updatedAtMs: call.nowMs,
        });
        await call.write({ $case: 'user', user });
        return userView(user);
      },
    }),
    route({
      method: 'PATCH',
      path: `${base}/{userId}`,
      permission: write,
      tag: 'users',
      summary: 'Rename, disable or re-enable a user',
      body: updateUserBody,
      response: USER_SCHEMA,
      handle: async (call) => {
        const old = requireUser(call, scope);
        const status =
          call.body.status === undefined
            ? old.status
            : call.body.status === 'disabled'
              ? UserStatus.USER_STATUS_DISABLED
              : UserStatus.USER_STATUS_ACTIVE;
        const user = User.fromPartial({ ...old, name: call.body.name ?? old.name, status, updatedAtMs: call.nowMs });
        await call.write({ $case: 'user', user });
        return userView(user);
      },
    }),
  ];
}

export const userRoutesAll = [...userRoutes('platform'), ...userRoutes('tenant')];
