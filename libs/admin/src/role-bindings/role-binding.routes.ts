import { Role, RoleBinding } from '@switchyard/contracts';
import type { RoleBinding as BindingEntity } from '@switchyard/contracts';
import { mayGrant, roleFromName, roleName, TENANT_ROLES } from '@switchyard/control-plane';
import { forbidden, notFound } from '../http/admin-errors';
import { route } from '../http/admin-route';
import type { AdminCall } from '../http/admin-route';
import { DELETED_SCHEMA, listOf, listSchema, objectSchema, S } from '../http/views';
import { requireTenant } from '../tenants/tenant.routes';
import { requireUser } from '../users/user.routes';
import { obj, oneOf } from '../validation/schema';

const TENANT_ROLE_NAMES = TENANT_ROLES.map(roleName);
const bindingBody = obj({ role: oneOf(TENANT_ROLE_NAMES, 'The role in this tenant') });

export const bindingId = (tenantId: string, userId: string) => `${tenantId || '_platform'}:${userId}`;
const bindingView = (b: BindingEntity) => ({
  user_id: b.userId,
  tenant_id: b.tenantId,
  role: roleName(b.role),
  created_at_ms: b.createdAtMs,
  updated_at_ms: b.updatedAtMs,
});
const BINDING_SCHEMA = objectSchema({
  user_id: S.string,
  tenant_id: S.string,
  role: { type: 'string', enum: [...TENANT_ROLE_NAMES, 'platform_operator'] },
  created_at_ms: S.int,
  updated_at_ms: S.int,
});

function grantCheck(call: AdminCall<unknown>, tenantId: string, role: Role): void {
  const decision = mayGrant(call.principal, tenantId, role);
  if (!decision.allowed) throw forbidden(decision.reason);
}

async function bind(call: AdminCall<unknown>, tenantId: string, userId: string, role: Role) {
  const old = call.deps.state.roleBindings.get(bindingId(tenantId, userId));
  if (old) grantCheck(call, tenantId, old.role); // changing someone's owner role needs an owner too
  const binding = RoleBinding.fromPartial({
    id: bindingId(tenantId, userId),
    userId,
    tenantId,
    role,
    createdAtMs: old?.createdAtMs ?? call.nowMs,
    updatedAtMs: call.nowMs,
  });
  await call.write({ $case: 'roleBinding', roleBinding: binding });
  return bindingView(binding);
}

async function unbind(call: AdminCall<unknown>, tenantId: string, userId: string) {
  const binding = call.deps.state.roleBindings.get(bindingId(tenantId, userId));
  if (!binding) throw notFound('role binding for user', userId);
  grantCheck(call, tenantId, binding.role);
  await call.write({ $case: 'roleBinding', roleBinding: binding }, true);
  return { id: binding.id, deleted: true };
}

export const roleBindingRoutes = [
  route({
    method: 'GET',
    path: '/tenants/{tenantId}/role-bindings',
    permission: 'role_binding.read',
    tag: 'role-bindings',
    summary: 'Who has which role in the tenant',
    response: listSchema(BINDING_SCHEMA),
    handle: (call) => {
      const tenant = requireTenant(call);
      return listOf([...call.deps.state.roleBindings.values()].filter((b) => b.tenantId === tenant.id).map(bindingView));
    },
  }),
  route({
    method: 'PUT',
    path: '/tenants/{tenantId}/role-bindings/{userId}',
    permission: 'role_binding.write',
    tag: 'role-bindings',
    summary: "Give one of the tenant's users a role (owner only by an owner)",
    body: bindingBody,
    response: BINDING_SCHEMA,
    handle: async (call) => {
      const user = requireUser(call, 'tenant');
      const role = roleFromName(call.body.role) ?? Role.ROLE_VIEWER;
      grantCheck(call, user.tenantId, role);
      return bind(call, user.tenantId, user.id, role);
    },
  }),
  route({
    method: 'DELETE',
    path: '/tenants/{tenantId}/role-bindings/{userId}',
    permission: 'role_binding.write',
    tag: 'role-bindings',
    summary: "Remove a user's role in the tenant",
    response: DELETED_SCHEMA,
    handle: (call) => unbind(call, requireUser(call, 'tenant').tenantId, call.params['userId'] ?? ''),
  }),
  route({
    method: 'PUT',
    path: '/users/{userId}/platform-role',
    permission: 'platform.manage',
    tag: 'role-bindings',
    summary: 'Make a platform staff user a platform operator',
    response: BINDING_SCHEMA,
    successStatus: 200,
    handle: (call) => bind(call, '', requireUser(call, 'platform').id, Role.ROLE_PLATFORM_OPERATOR),
  }),
  route({
    method: 'DELETE',
    path: '/users/{userId}/platform-role',
    permission: 'platform.manage',
    tag: 'role-bindings',
    summary: 'Take the platform-operator role away',
    response: DELETED_SCHEMA,
    handle: (call) => unbind(call, '', requireUser(call, 'platform').id),
  }),
];
