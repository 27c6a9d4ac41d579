import { ApiKey, Tenant, TenantStatus } from '@switchyard/contracts';
import { ConfigState, issueApiKey } from '@switchyard/control-plane';
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

describe('usage callers', () => {
  const { state, key } = stateWithKey('t1');

  it('a tenant key reads only its own tenant', () => {
    const caller = resolveCaller(state, `Bearer ${key}`, 'operator-token-123456', Date.now());
    expect(caller).toMatchObject({ kind: 'tenant', tenantId: 't1' });
    expect(tenantInScope(caller, undefined)).toBe('t1');
    expect(tenantInScope(caller, 't1')).toBe('t1');
    expect(() => tenantInScope(caller, 't2')).toThrow('only read the usage of its own tenant');
  });

  it('the operator names any tenant, and must name one', () => {
    const caller = resolveCaller(state, 'Bearer operator-token-123456', 'operator-token-123456', Date.now());
    expect(caller).toEqual({ kind: 'operator' });
    expect(tenantInScope(caller, 't2')).toBe('t2');
    expect(() => tenantInScope(caller, '')).toThrow('Operators must name the tenant');
  });

  it('refuses missing and unknown tokens, and an empty operator token never matches', () => {
    expect(() => resolveCaller(state, undefined, 'x', Date.now())).toThrow(expect.objectContaining({ status: 401 }));
    expect(() => resolveCaller(state, 'Bearer nope', 'operator-token-123456', Date.now())).toThrow(
      expect.objectContaining({ status: 401 }),
    );
    expect(() => resolveCaller(state, 'Bearer ', '', Date.now())).toThrow(expect.objectContaining({ status: 401 }));
  });
});
