import { ApiError } from '@switchyard/api-errors';
import { ApiKey, ConfigEvent, Tenant, TenantStatus } from '@switchyard/contracts';
import { ConfigState, issueApiKey } from '@switchyard/control-plane';
import { admitRequest, AdmissionInput } from './admit-request';

const issued = issueApiKey();

function stateWith(key: Partial<ApiKey>, tenant: Partial<Tenant> = {}): ConfigState {
  const state = new ConfigState();
  state.apply(
    ConfigEvent.fromPartial({
      entity: {
        $case: 'tenant',
        tenant: Tenant.fromPartial({ id: 'ten_1', name: 'Acme', planId: 'pro', status: TenantStatus.TENANT_STATUS_ACTIVE, ...tenant }),
      },
    }),
  );
  state.apply(
    ConfigEvent.fromPartial({
      entity: {
        $case: 'apiKey',
        apiKey: ApiKey.fromPartial({ id: issued.id, tenantId: 'ten_1', prefix: issued.prefix, secretHash: issued.secretHash, ...key }),
      },
    }),
  );
  return state;
}

function input(overrides: Partial<AdmissionInput> = {}): AdmissionInput {
  return {
    credential: `Bearer ${issued.plaintext}`,
    feature: undefined,
    requestId: 'req_1',
    apiSurface: 'openai',
    endUser: 'user-7',
    nowMs: 1_000,
    ...overrides,
  };
}

/** The ApiError admitRequest throws, so its status and code can be checked. */
function refusal(state: ConfigState, overrides: Partial<AdmissionInput>): ApiError {
  try {
    admitRequest(state, input(overrides));
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('the request was admitted');
}

describe('admitRequest', () => {
  it('builds the request context from the key, its tenant and the request', () => {
    const { key, tenant, context } = admitRequest(stateWith({ allowedModels: ['gpt-4o'] }), input({ apiSurface: 'anthropic' }));
    expect(key.id).toBe(issued.id);
    expect(tenant.id).toBe('ten_1');
    expect(context).toMatchObject({
      requestId: 'req_1',
      tenantId: 'ten_1',
      apiKeyId: issued.id,
      planId: 'pro',
      feature: '',
      allowedModels: ['gpt-4o'],
      endUser: 'user-7',
      receivedAtMs: 1_000,
      apiSurface: 'anthropic',
    });
  });

  it("uses the key's plan over the tenant's", () => {
    expect(admitRequest(stateWith({ planId: 'free' }), input()).context.planId).toBe('free');
  });

  it("accepts Anthropic's bare x-api-key value as the credential", () => {
    expect(admitRequest(stateWith({}), input({ credential: issued.plaintext })).context.tenantId).toBe('ten_1');
  });

  describe('refusals', () => {
    it('answers a missing key with 401 missing_api_key', () => {
      expect(refusal(stateWith({}), { credential: undefined })).toMatchObject({ status: 401, code: 'missing_api_key' });
    });

    it('answers an unknown key with 401 invalid_api_key and shows only a masked key', () => {
      const other = issueApiKey().plaintext;
      const error = refusal(stateWith({}), { credential: `Bearer ${other}` });
      expect(error).toMatchObject({ status: 401, type: 'invalid_request_error', code: 'invalid_api_key' });
      expect(error.message).toContain(`${other.slice(0, 12)}****${other.slice(-4)}`);
      expect(error.message).not.toContain(other);
    });

    it('answers revoked and expired keys with their own codes', () => {
      expect(refusal(stateWith({ revokedAtMs: 500 }), {})).toMatchObject({ status: 401, code: 'api_key_revoked' });
      expect(refusal(stateWith({ expiresAtMs: 1_000 }), {})).toMatchObject({ status: 401, code: 'api_key_expired' });
    });

    it('answers a suspended tenant with 403 account_suspended', () => {
      const error = refusal(stateWith({}, { status: TenantStatus.TENANT_STATUS_SUSPENDED }), {});
      expect(error).toMatchObject({ status: 403, type: 'permission_error', code: 'account_suspended' });
    });
  });

  describe('feature', () => {
    it('takes a well-formed x-switchyard-feature header', () => {
      expect(admitRequest(stateWith({}), input({ feature: 'chat.v2:beta-1' })).context.feature).toBe('chat.v2:beta-1');
    });

    it.each([['has space'], ['a/b'], ['x'.repeat(65)]])('refuses the malformed feature %j with 400 invalid_feature', (feature) => {
      expect(refusal(stateWith({}), { feature })).toMatchObject({ status: 400, code: 'invalid_feature' });
    });

    it("refuses a feature outside the key's list with 403 feature_not_allowed", () => {
      const state = stateWith({ features: ['search', 'chat'] });
      expect(admitRequest(state, input({ feature: 'chat' })).context.feature).toBe('chat');
      expect(refusal(state, { feature: 'billing' })).toMatchObject({ status: 403, code: 'feature_not_allowed' });
    });

    it("defaults to the key's only feature, and to none when the key has several", () => {
      expect(admitRequest(stateWith({ features: ['search'] }), input()).context.feature).toBe('search');
      expect(admitRequest(stateWith({ features: ['search'] }), input({ feature: '' })).context.feature).toBe('search');
      expect(admitRequest(stateWith({ features: ['search', 'chat'] }), input()).context.feature).toBe('');
    });
  });

  describe('region narrowing', () => {
    const regions = (tenantRegions: string[], keyRegions: string[]) =>
      admitRequest(stateWith({ allowedRegions: keyRegions }, { allowedRegions: tenantRegions }), input()).context.allowedRegions;

    it('lets the key narrow its tenant to the regions both allow', () => {
      expect(regions(['eu', 'us'], ['us', 'ap'])).toEqual(['us']);
    });

    it('takes whichever side has a restriction when the other has none', () => {
      expect(regions([], ['eu'])).toEqual(['eu']);
      expect(regions(['eu', 'us'], [])).toEqual(['eu', 'us']);
      expect(regions([], [])).toEqual([]);
    });

    it('never widens: disjoint regions leave only the impossible region', () => {
      expect(regions(['eu'], ['us'])).toEqual(['none']);
    });
  });
});
