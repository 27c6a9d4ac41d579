import OpenAI, { NotFoundError } from 'openai';
import { ADMIN_ENV, AdminClient, chat } from './admin-client';
import { TestStack } from './test-stack';

// Issue 19, defect 8: API gaps a client hits at once.
describe('API gaps (issue 19, defect 8)', () => {
  let t: TestStack;
  let client: OpenAI;
  let otherClient: OpenAI;

  beforeAll(async () => {
    t = await TestStack.start({ extraEnv: ADMIN_ENV });
    await t.seeder.plan('mini-only', { allowedModels: ['gpt-4o-mini'] });
    const otherKey = await t.tenantWithModel('ten_other', 'gpt-4o');
    otherClient = new OpenAI({ apiKey: otherKey.plaintext, baseURL: t.baseUrl, maxRetries: 0 });
    const key = await t.tenantWithModel('ten_gaps', 'gpt-4o-mini');
    await t.seeder.tenant('ten_gaps', { planId: 'mini-only' });
    await t.seeder.feature('ten_gaps', 'support-copilot', 'gpt-4o-mini');
    await t.waitForConfig();
    client = new OpenAI({ apiKey: key.plaintext, baseURL: t.baseUrl, maxRetries: 0 });
  });

  afterAll(() => t?.stop());

  describe('GET /v1/models/{id}', () => {
    it('retrieves a model the key may use, in OpenAI shape, as /v1/models lists it', async () => {
      const model = await client.models.retrieve('gpt-4o-mini');
      const listed = (await client.models.list()).data.find((m) => m.id === 'gpt-4o-mini');
      expect(model).toEqual(listed);
      expect(model).toMatchObject({ id: 'gpt-4o-mini', object: 'model' });
    });

    it.each(['gpt-4o', 'no-such-model'])('answers 404 model_not_found for %s (not allowed for this key, or unknown)', async (id) => {
      const error: unknown = await client.models.retrieve(id).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toMatchObject({ status: 404, code: 'model_not_found', type: 'invalid_request_error', param: 'model' });
      expect((error as NotFoundError).message).toContain(id);
    });
  });

  describe('x-switchyard-feature', () => {
    const ask = (c: OpenAI, model: string, feature: string) =>
      c.chat.completions
        .create({ model, messages: [{ role: 'user', content: 'Hello' }] }, { headers: { 'x-switchyard-feature': feature } })
        .withResponse();

    it('accepts a feature the tenant defined and records it', async () => {
      const { response } = await ask(client, 'gpt-4o-mini', 'support-copilot');
      const requestId = response.headers.get('x-request-id') ?? '';
      const rows = await t.eventually<{ feature: string }>(
        `SELECT feature FROM ${t.id}.request_events WHERE request_id = '${requestId}'`,
        (r) => r.length > 0,
      );
      expect(rows[0]?.feature).toBe('support-copilot');
    });

    it('refuses, with 400 unknown_feature, a name a tenant with features did not define', async () => {
      const error: unknown = await ask(client, 'gpt-4o-mini', 'suport-copilot').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ status: 400, code: 'unknown_feature', type: 'invalid_request_error' });
    });

    it('lets a tenant without defined features tag freely, recorded as sent', async () => {
      const { response } = await ask(otherClient, 'gpt-4o', 'ad-hoc-tag');
      const requestId = response.headers.get('x-request-id') ?? '';
      const rows = await t.eventually<{ feature: string }>(
        `SELECT feature FROM ${t.id}.request_events WHERE request_id = '${requestId}'`,
        (r) => r.length > 0,
      );
      expect(rows[0]?.feature).toBe('ad-hoc-tag');
    });
  });

  describe('DELETE /admin/v1/tenants/{id}', () => {
    it('revokes the keys at once, removes secrets, keeps usage rows, audits every step, never reuses the id', async () => {
      const ingress = t.stack.service('ingress').url;
      const op = new AdminClient(ingress);
      await op.ok('POST', '/tenants', { id: 'ten_gone', name: 'Gone' });
      const key = await op.ok<{ id: string; key: string }>('POST', '/tenants/ten_gone/api-keys', { name: 'prod' });
      await op.ok('POST', '/tenants/ten_gone/provider-credentials', { id: 'gone-byo', provider: 'openai', secret: 'sk-byo-gone' });
      await t.waitForConfig();
      const served = await chat(ingress, key.key, 'Hello', { model: 'gpt-4o-mini' });
      expect(served.status).toBe(200);

      const deleted = await op.call('DELETE', '/tenants/ten_gone');
      expect(deleted).toMatchObject({
        status: 200,
        body: { id: 'ten_gone', status: 'deleted', revoked_api_keys: [key.id], removed_provider_credentials: ['gone-byo'] },
      });
      // Effective on this replica when the answer arrives.
      expect(await chat(ingress, key.key, 'Hello again', { model: 'gpt-4o-mini' })).toMatchObject({
        status: 401,
        body: { error: { code: 'api_key_revoked' } },
      });
      expect(await op.call('GET', '/tenants/ten_gone')).toMatchObject({ status: 404 });
      expect(await op.call('GET', '/tenants/ten_gone/api-keys')).toMatchObject({ status: 404 });
      expect(await op.call('DELETE', '/tenants/ten_gone')).toMatchObject({ status: 404 });
      expect((await op.ok<{ data: { id: string }[] }>('GET', '/tenants')).data.map((x) => x.id)).not.toContain('ten_gone');
      expect(await op.call('GET', '/provider-credentials')).not.toMatchObject({ body: { data: [{ id: 'gone-byo' }] } });
      expect(await op.call('POST', '/tenants', { id: 'ten_gone', name: 'Again' })).toMatchObject({
        status: 409,
        body: { error: { code: 'conflict' } },
      });

      // Usage is kept (billing; retention removes it later).
      const rows = await t.eventually<{ n: number }>(
        `SELECT count() AS n FROM ${t.id}.request_events WHERE tenant_id = 'ten_gone' AND http_status = 200`,
        (r) => Number(r[0]?.n) > 0,
      );
      expect(Number(rows[0]?.n)).toBe(1);
      // Every step is in the audit chain, which still verifies.
      const audited = await t.eventually<{ entity_key: string; action: string; actor_id: string }>(
        `SELECT entity_key, action, actor_id FROM ${t.id}.audit_log WHERE request_id = '${deleted.requestId}' ORDER BY seq`,
        (r) => r.length >= 3,
        30_000,
      );
      expect(audited.map((a) => [a.entity_key, a.action])).toEqual([
        [`api_key/${key.id}`, 'update'],
        ['provider_credential/ten_gone/gone-byo', 'delete'],
        ['tenant/ten_gone', 'update'],
      ]);
      const verify = (await (
        await fetch(`${t.stack.service('audit').url}/audit/v1/verify?tenant_id=ten_gone`, {
          headers: { authorization: `Bearer ${t.stack.operatorToken}` },
        })
      ).json()) as {
        intact: boolean;
      };
      expect(verify.intact).toBe(true);
    });
  });
});
