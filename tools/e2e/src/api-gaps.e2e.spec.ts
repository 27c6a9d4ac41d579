import OpenAI, { NotFoundError } from 'openai';
import { ADMIN_ENV } from './admin-client';
import { TestStack } from './test-stack';

// Issue 19, defect 8: API gaps a client hits at once.
describe('API gaps (issue 19, defect 8)', () => {
  let t: TestStack;
  let client: OpenAI;

  beforeAll(async () => {
    t = await TestStack.start({ extraEnv: ADMIN_ENV });
    await t.seeder.plan('mini-only', { allowedModels: ['gpt-4o-mini'] });
    await t.tenantWithModel('ten_other', 'gpt-4o');
    const key = await t.tenantWithModel('ten_gaps', 'gpt-4o-mini');
    await t.seeder.tenant('ten_gaps', { planId: 'mini-only' });
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
});
