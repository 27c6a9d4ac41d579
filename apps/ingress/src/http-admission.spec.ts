import { ApiError } from '@switchyard/api-errors';
import { ApiKey, ConfigEvent, Tenant, TenantStatus } from '@switchyard/contracts';
import { ConfigState, issueApiKey } from '@switchyard/control-plane';
import type { FastifyRequest } from 'fastify';
import { admitHttp, bodyBytes } from './http-admission';
import type { IngressDeps } from './ingress-deps';

const issued = issueApiKey();

function deps(): IngressDeps {
  const config = new ConfigState();
  config.apply(
    ConfigEvent.fromPartial({
      entity: { $case: 'tenant', tenant: Tenant.fromPartial({ id: 'ten_a', planId: 'pro', status: TenantStatus.TENANT_STATUS_ACTIVE }) },
    }),
  );
  config.apply(
    ConfigEvent.fromPartial({
      entity: {
        $case: 'apiKey',
        apiKey: ApiKey.fromPartial({ id: issued.id, tenantId: 'ten_a', prefix: issued.prefix, secretHash: issued.secretHash }),
      },
    }),
  );
  // admitHttp reads only the config state.
  return { config } as Partial<IngressDeps> as IngressDeps;
}

function request(headers: Record<string, string | string[]>, id = 'req_1'): FastifyRequest {
  return { id, headers } as unknown as FastifyRequest;
}

describe('admitHttp', () => {
  it('authenticates the OpenAI surface by its Authorization header and carries the request id', () => {
    const { context } = admitHttp(deps(), request({ authorization: `Bearer ${issued.plaintext}` }, 'req_42'), 'openai');
    expect(context).toMatchObject({ tenantId: 'ten_a', apiKeyId: issued.id, requestId: 'req_42', apiSurface: 'openai', endUser: '' });
  });

  it('authenticates the Anthropic surface by x-api-key, and by Authorization when there is none', () => {
    expect(admitHttp(deps(), request({ 'x-api-key': issued.plaintext }), 'anthropic').context.apiSurface).toBe('anthropic');
    expect(admitHttp(deps(), request({ authorization: `Bearer ${issued.plaintext}` }), 'anthropic').context.tenantId).toBe('ten_a');
  });

  it('ignores x-api-key on the OpenAI surface', () => {
    let refusal: unknown;
    try {
      admitHttp(deps(), request({ 'x-api-key': issued.plaintext }), 'openai');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(ApiError);
    expect(refusal).toMatchObject({ status: 401, code: 'missing_api_key' });
  });

  it('takes the first x-switchyard-feature header when it is repeated', () => {
    const headers = { authorization: `Bearer ${issued.plaintext}`, 'x-switchyard-feature': ['search', 'chat'] };
    expect(admitHttp(deps(), request(headers), 'openai').context.feature).toBe('search');
  });
});

describe('bodyBytes', () => {
  it('reads Content-Length, and counts 0 when it is missing or not a number', () => {
    expect(bodyBytes(request({ 'content-length': '1234' }))).toBe(1234);
    expect(bodyBytes(request({}))).toBe(0);
    expect(bodyBytes(request({ 'content-length': 'lots' }))).toBe(0);
  });
});
