import { AdminToken, ApiKey, Role, RoleBinding, Tenant, TenantStatus, User, UserStatus } from '@switchyard/contracts';
import { ConfigState, issueAdminToken, issueApiKey } from '@switchyard/control-plane';
import { resolveCaller, tenantInScope } from './caller';

function stateWithKey(tenantId: string): { state: ConfigState; key: string } {
  const state = new ConfigState();
  const issued = issueApiKey('test');
  state.apply({
    entity: { $case: 'tenant', tenant: Tenant.fromPartial({ id: tenantId, status: TenantStatus.TENANT_STATUS_ACTIVE }) },
    deleted: false,
  });
  state.apply({
    entity: {
      $case: 'apiKey',
      apiKey: ApiKey.fromPartial({ id: issued.id, tenantId, prefix: issued.prefix, secretHash: issued.secretHash }),
    },
    deleted: false,
  });
  return { state, key: issued.plaintext };
}

/** A user of `tenantId` ('' = platform staff) bound to `role` there, and an admin token of theirs. */
function adminToken(state: ConfigState, userId: string, tenantId: string, role: Role): string {
  const token = issueAdminToken();
  state.apply({
    entity: { $case: 'user', user: User.fromPartial({ id: userId, tenantId, status: UserStatus.USER_STATUS_ACTIVE }) },
    deleted: false,
  });
  state.apply({
    entity: {
      $case: 'roleBinding',
      roleBinding: RoleBinding.fromPartial({ id: `${tenantId || '_platform'}:${userId}`, userId, tenantId, role }),
    },
    deleted: false,
  });
  state.apply({
    entity: {
      $case: 'adminToken',
      adminToken: AdminToken.fromPartial({ id: token.id, userId, prefix: token.prefix, secretHash: token.secretHash }),
    },
    deleted: false,
  });
  return token.plaintext;
}

describe('usage callers', () => {
  const { state, key } = stateWithKey('t1');

  it('a tenant key reads only its own tenant', () => {
    const caller = resolveCaller(state, `Bearer ${key}`, 'operator-token-123456', Date.now());
    expect(caller).toMatchObject({ kind: 'tenant', tenantId: 't1' });
    expect(tenantInScope(caller, undefined, 'usage.read')).toBe('t1');
    expect(tenantInScope(caller, 't1', 'usage.read')).toBe('t1');
    expect(() => tenantInScope(caller, 't2', 'billing.read')).toThrow('only read the usage of its own tenant');
  });

  it('the operator names any tenant, and must name one', () => {
    const caller = resolveCaller(state, 'Bearer operator-token-123456', 'operator-token-123456', Date.now());
    expect(caller).toEqual({ kind: 'operator' });
    expect(tenantInScope(caller, 't2', 'billing.read')).toBe('t2');
    expect(() => tenantInScope(caller, '', 'usage.read')).toThrow('Operators must name the tenant');
  });

  it("an admin token reads its own tenant's usage with usage.read / billing.read, never another tenant's", () => {
    const analyst = resolveCaller(state, `Bearer ${adminToken(state, 'usr_an', 't1', Role.ROLE_ANALYST)}`, 'op', Date.now());
    expect(analyst).toMatchObject({ kind: 'admin' });
    expect(tenantInScope(analyst, undefined, 'usage.read')).toBe('t1');
    expect(tenantInScope(analyst, 't1', 'billing.read')).toBe('t1');
    expect(() => tenantInScope(analyst, 't2', 'usage.read')).toThrow(
      expect.objectContaining({ status: 403, code: 'insufficient_permissions' }),
    );
    const developer = resolveCaller(state, `Bearer ${adminToken(state, 'usr_dev', 't1', Role.ROLE_DEVELOPER)}`, 'op', Date.now());
    expect(() => tenantInScope(developer, 't1', 'billing.read')).toThrow(expect.objectContaining({ status: 403 }));
  });

  it("a platform operator's admin token reads any tenant", () => {
    const staff = adminToken(state, 'usr_ops', '', Role.ROLE_PLATFORM_OPERATOR);
    expect(resolveCaller(state, `Bearer ${staff}`, 'op', Date.now())).toEqual({ kind: 'operator' });
  });

  it('refuses missing and unknown tokens, and an empty operator token never matches', () => {
    expect(() => resolveCaller(state, undefined, 'x', Date.now())).toThrow(expect.objectContaining({ status: 401 }));
    expect(() => resolveCaller(state, 'Bearer nope', 'operator-token-123456', Date.now())).toThrow(
      expect.objectContaining({ status: 401 }),
    );
    expect(() => resolveCaller(state, 'Bearer ', '', Date.now())).toThrow(expect.objectContaining({ status: 401 }));
  });
});
