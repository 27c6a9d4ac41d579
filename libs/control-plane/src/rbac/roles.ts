import { Role } from '@switchyard/contracts';

/**
 * What an admin caller may do. Tenant permissions are checked against the
 * caller's role in the tenant named by the route; platform permissions only
 * the platform operator holds, except `authenticated` (any valid caller).
 */
export const TENANT_PERMISSIONS = [
  'tenant.read',
  'tenant.settings.write',
  'api_key.read',
  'api_key.write',
  'feature.read',
  'feature.write',
  'credential.read',
  'credential.write',
  'user.read',
  'user.write',
  'role_binding.read',
  'role_binding.write',
  'admin_token.read',
  'admin_token.write',
  'budget.read',
  'budget.write',
  'usage.read',
  'billing.read',
  'audit.read',
] as const;

export const PLATFORM_PERMISSIONS = ['authenticated', 'platform.manage'] as const;

export type TenantPermission = (typeof TENANT_PERMISSIONS)[number];
export type PlatformPermission = (typeof PLATFORM_PERMISSIONS)[number];
export type Permission = TenantPermission | PlatformPermission;

export const TENANT_ROLES = [Role.ROLE_OWNER, Role.ROLE_ADMIN, Role.ROLE_DEVELOPER, Role.ROLE_ANALYST, Role.ROLE_VIEWER] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];

const READ_ALL: readonly TenantPermission[] = ['tenant.read', 'feature.read', 'budget.read'];
/** The tenant's own usage and invoices on metering (/v1/usage, /v1/billing, MeteringQuery). */
const READ_SPEND: readonly TenantPermission[] = ['usage.read', 'billing.read'];
const MANAGE_PEOPLE: readonly TenantPermission[] = [
  'user.read',
  'user.write',
  'role_binding.read',
  'role_binding.write',
  'admin_token.read',
  'admin_token.write',
];

/** Owners and admins hold the same permissions; only who may grant the owner role differs (authorize.ts). */
const MANAGE_TENANT: readonly TenantPermission[] = [
  ...READ_ALL,
  'budget.write',
  'tenant.settings.write',
  'api_key.read',
  'api_key.write',
  'feature.write',
  'credential.read',
  'credential.write',
  ...MANAGE_PEOPLE,
  ...READ_SPEND,
  // The tenant's audit log names its users and shows every change: as sensitive as user.read.
  'audit.read',
];

/** The role table (documented in libs/admin/README.md). */
export const ROLE_PERMISSIONS: Readonly<Record<TenantRole, readonly TenantPermission[]>> = {
  [Role.ROLE_OWNER]: MANAGE_TENANT,
  [Role.ROLE_ADMIN]: MANAGE_TENANT,
  [Role.ROLE_DEVELOPER]: [...READ_ALL, 'api_key.read', 'api_key.write', 'feature.write', 'credential.read'],
  [Role.ROLE_ANALYST]: [...READ_ALL, 'api_key.read', ...READ_SPEND],
  [Role.ROLE_VIEWER]: [...READ_ALL],
};

export function isTenantRole(role: Role): role is TenantRole {
  return (TENANT_ROLES as readonly Role[]).includes(role);
}

export function isTenantPermission(permission: Permission): permission is TenantPermission {
  return (TENANT_PERMISSIONS as readonly string[]).includes(permission);
}

/** Wire names of roles in the admin API ("owner", "platform_operator"). */
export function roleName(role: Role): string {
  return role.replace(/^ROLE_/, '').toLowerCase();
}

export function roleFromName(name: string): Role | undefined {
  const candidate = `ROLE_${name.toUpperCase()}`;
  return (Object.values(Role) as string[]).includes(candidate) && candidate !== Role.ROLE_UNSPECIFIED ? (candidate as Role) : undefined;
}
