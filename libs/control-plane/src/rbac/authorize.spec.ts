import { Role } from '@switchyard/contracts';
import { AdminPrincipal, authorize, mayGrant } from './authorize';
import { Permission, PLATFORM_PERMISSIONS, roleFromName, roleName, TENANT_PERMISSIONS, TENANT_ROLES, TenantRole } from './roles';

function member(role: TenantRole, tenantId = 'ten_a'): AdminPrincipal {
  return { kind: 'user', id: 'usr_1', homeTenantId: tenantId, platformOperator: false, tenantRoles: new Map([[tenantId, role]]) };
}

const operator: AdminPrincipal = { kind: 'operator', id: 'bootstrap', homeTenantId: '', platformOperator: true, tenantRoles: new Map() };

// The expected table, written out independently of ROLE_PERMISSIONS.
const EXPECTED: Record<string, string> = {
  //                         owner admin developer analyst viewer
  'tenant.read': 'O A D N V',
  'tenant.settings.write': 'O A . . .',
  'api_key.read': 'O A D N .',
  'api_key.write': 'O A D . .',
  'feature.read': 'O A D N V',
  'feature.write': 'O A D . .',
  'credential.read': 'O A D . .',
  'credential.write': 'O A . . .',
  'user.read': 'O A . . .',
  'user.write': 'O A . . .',
  'role_binding.read': 'O A . . .',
  'role_binding.write': 'O A . . .',
  'admin_token.read': 'O A . . .',
  'admin_token.write': 'O A . . .',
  'budget.read': 'O A D N V',
  'budget.write': 'O A . . .',
  'usage.read': 'O A . N .',
  'billing.read': 'O A . N .',
  'audit.read': 'O A . . .',
};

describe('RBAC decisions', () => {
  it('covers every tenant permission in the expected table', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...TENANT_PERMISSIONS].sort());
  });

  for (const permission of TENANT_PERMISSIONS) {
    TENANT_ROLES.forEach((role, column) => {
      const allowed = (EXPECTED[permission] ?? '').split(' ')[column] !== '.';
      it(`${roleName(role)} ${allowed ? 'may' : 'may not'} ${permission} in its own tenant, and never in another`, () => {
        expect(authorize(member(role), permission, 'ten_a').allowed).toBe(allowed);
        expect(authorize(member(role), permission, 'ten_b').allowed).toBe(false);
      });
    });
  }

  it('reserves platform management to the operator and lets every caller authenticate', () => {
    for (const role of TENANT_ROLES) {
      expect(authorize(member(role), 'platform.manage', undefined).allowed).toBe(false);
      expect(authorize(member(role), 'authenticated', undefined).allowed).toBe(true);
    }
    for (const permission of [...TENANT_PERMISSIONS, ...PLATFORM_PERMISSIONS] as Permission[]) {
      expect(authorize(operator, permission, 'ten_anything').allowed).toBe(true);
    }
  });

  it('gives a tenant permission nothing without a tenant', () => {
    expect(authorize(member(Role.ROLE_OWNER), 'api_key.read', undefined)).toEqual({
      allowed: false,
      reason: 'This operation needs a tenant.',
    });
  });

  it('lets only owners hand out the owner role, and nobody but the operator the platform role', () => {
    expect(mayGrant(member(Role.ROLE_OWNER), 'ten_a', Role.ROLE_OWNER).allowed).toBe(true);
    expect(mayGrant(member(Role.ROLE_ADMIN), 'ten_a', Role.ROLE_OWNER).allowed).toBe(false);
    expect(mayGrant(member(Role.ROLE_ADMIN), 'ten_a', Role.ROLE_DEVELOPER).allowed).toBe(true);
    expect(mayGrant(member(Role.ROLE_OWNER), 'ten_a', Role.ROLE_PLATFORM_OPERATOR).allowed).toBe(false);
    expect(mayGrant(operator, '', Role.ROLE_PLATFORM_OPERATOR).allowed).toBe(true);
  });

  it('maps role names both ways', () => {
    expect(roleName(Role.ROLE_PLATFORM_OPERATOR)).toBe('platform_operator');
    expect(roleFromName('developer')).toBe(Role.ROLE_DEVELOPER);
    expect(roleFromName('unspecified')).toBeUndefined();
    expect(roleFromName('root')).toBeUndefined();
  });
});
