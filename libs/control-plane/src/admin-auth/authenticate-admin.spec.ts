import { AdminToken, ConfigEvent, Role, RoleBinding, User, UserStatus } from '@switchyard/contracts';
import { issueApiKey } from '../api-keys/api-key-secret';
import { ConfigState } from '../state/config-state';
import { issueAdminToken } from './admin-token-secret';
import { authenticateAdmin, BootstrapCredential } from './authenticate-admin';

const token = issueAdminToken();
const bootstrap = new BootstrapCredential('bootstrap-secret-bootstrap-secret-0123');

function state(user: Partial<User>, bindings: Partial<RoleBinding>[], tokenFields: Partial<AdminToken> = {}): ConfigState {
  const s = new ConfigState();
  s.apply(
    ConfigEvent.fromPartial({
      entity: { $case: 'user', user: User.fromPartial({ id: 'usr_1', status: UserStatus.USER_STATUS_ACTIVE, ...user }) },
    }),
  );
  for (const b of bindings)
    s.apply(ConfigEvent.fromPartial({ entity: { $case: 'roleBinding', roleBinding: RoleBinding.fromPartial({ userId: 'usr_1', ...b }) } }));
  s.apply(
    ConfigEvent.fromPartial({
      entity: {
        $case: 'adminToken',
        adminToken: AdminToken.fromPartial({
          id: token.id,
          userId: 'usr_1',
          prefix: token.prefix,
          secretHash: token.secretHash,
          ...tokenFields,
        }),
      },
    }),
  );
  return s;
}

describe('authenticateAdmin', () => {
  it('resolves a token to its user and the roles bound to them', () => {
    const s = state({ tenantId: 'ten_a' }, [{ id: 'ten_a:usr_1', tenantId: 'ten_a', role: Role.ROLE_DEVELOPER }]);
    const result = authenticateAdmin(s, `Bearer ${token.plaintext}`, 1, undefined);
    expect(result.ok && [...result.principal.tenantRoles]).toEqual([['ten_a', Role.ROLE_DEVELOPER]]);
    expect(result.ok && result.principal.platformOperator).toBe(false);
  });

  it("ignores a tenant user's bindings in other tenants and any platform role", () => {
    const s = state({ tenantId: 'ten_a' }, [
      { id: 'ten_b:usr_1', tenantId: 'ten_b', role: Role.ROLE_OWNER },
      { id: '_platform:usr_1', tenantId: '', role: Role.ROLE_PLATFORM_OPERATOR },
    ]);
    const result = authenticateAdmin(s, token.plaintext, 1, undefined);
    expect(result.ok && result.principal.tenantRoles.size).toBe(0);
    expect(result.ok && result.principal.platformOperator).toBe(false);
  });

  it('makes platform staff operators only through a platform binding', () => {
    const s = state({ tenantId: '' }, [{ id: '_platform:usr_1', tenantId: '', role: Role.ROLE_PLATFORM_OPERATOR }]);
    expect(authenticateAdmin(s, token.plaintext, 1, undefined)).toMatchObject({
      ok: true,
      principal: { platformOperator: true, kind: 'user' },
    });
  });

  it.each([
    ['missing', undefined, {}, {}],
    ['unknown', `Bearer ${token.prefix}_${'x'.repeat(43)}`, {}, {}],
    ['revoked', token.plaintext, { revokedAtMs: 1 }, {}],
    ['expired', token.plaintext, { expiresAtMs: 1 }, {}],
    ['user_disabled', token.plaintext, {}, { status: UserStatus.USER_STATUS_DISABLED }],
    ['data_plane_key', issueApiKey().plaintext, {}, {}],
  ])('rejects %s credentials', (reason, header, tokenFields, userFields) => {
    const s = state({ tenantId: 'ten_a', ...userFields }, [], tokenFields);
    expect(authenticateAdmin(s, header, 5, bootstrap)).toEqual({ ok: false, reason });
  });

  it('accepts the bootstrap operator token only when configured', () => {
    const s = new ConfigState();
    expect(authenticateAdmin(s, 'Bearer bootstrap-secret-bootstrap-secret-0123', 1, bootstrap)).toMatchObject({
      ok: true,
      principal: { kind: 'operator', platformOperator: true },
    });
    expect(authenticateAdmin(s, 'Bearer bootstrap-secret-bootstrap-secret-0123', 1, undefined)).toEqual({ ok: false, reason: 'unknown' });
    expect(authenticateAdmin(s, 'Bearer bootstrap-secret-bootstrap-secret-XXXX', 1, bootstrap)).toEqual({ ok: false, reason: 'unknown' });
    expect(() => new BootstrapCredential('short')).toThrow('at least 32');
  });
});
