import { ADMIN_ENV, AdminClient, chat } from './admin-client';
import { TestStack } from './test-stack';

type ErrorBody = { error: { code: string; message: string; references?: { kind: string; id: string; field: string }[] } };

/** Guardrails on destructive admin calls against the real ingress and Kafka: 409 with references, force, dry_run. */
describe('admin guardrails: references, force and dry runs', () => {
  let t: TestStack;
  let op: AdminClient;
  let apiKey: string;

  beforeAll(async () => {
    t = await TestStack.start({ extraEnv: ADMIN_ENV });
    op = new AdminClient(t.stack.service('ingress').url);
    await op.ok('POST', '/provider-credentials', { id: 'cred-g', provider: 'openai', secret: 'sk-mock-secret' });
    await op.ok('PUT', '/deployments/guard-gpt', {
      model: 'gpt-4o-mini',
      provider: 'openai',
      base_url: `${t.mock.url}/d/guard-gpt/v1`,
      region: 'us-east',
      credential_id: 'cred-g',
    });
    await op.ok('PUT', '/aliases/guarded', { chain: ['guard-gpt'] });
    await op.ok('POST', '/tenants', { id: 'ten_guard', name: 'Guard Inc' });
    await op.ok('PUT', '/tenants/ten_guard/features/copilot', { route: 'guarded' });
    apiKey = (await op.ok<{ key: string }>('POST', '/tenants/ten_guard/api-keys', { name: 'k' })).key;
  });

  afterAll(() => t?.stop());

  it('refuses to delete a referenced deployment, credential or alias with 409 naming the references', async () => {
    const cases: [string, string, string][] = [
      ['/deployments/guard-gpt', 'alias', 'guarded'],
      ['/provider-credentials/cred-g', 'deployment', 'guard-gpt'],
      ['/aliases/guarded', 'feature', 'copilot'],
    ];
    for (const [path, kind, id] of cases) {
      const res = await op.call<ErrorBody>('DELETE', path);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('still_referenced');
      expect(res.body.error.message).toContain(`'${id}'`);
      expect(res.body.error.references).toEqual(expect.arrayContaining([expect.objectContaining({ kind, id })]));
    }
  });

  it('dry_run=true answers 200 and changes nothing: the deployment is still served', async () => {
    const before = await op.ok<{ digest: string }>('GET', '/config/digest');
    const res = await op.call('DELETE', '/deployments/guard-gpt?dry_run=true&force=true');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dry_run: true, blocked: false, changes: [{ action: 'delete', key: 'deployment/guard-gpt' }] });
    await t.waitForConfig();
    expect(await op.ok<{ digest: string }>('GET', '/config/digest')).toEqual(before);
    expect((await chat(t.stack.service('ingress').url, apiKey, 'Hi', { model: 'guarded' })).status).toBe(200);
    expect((await op.call('DELETE', '/deployments/guard-gpt?dry_run=maybe')).status).toBe(400);
  });

  it('suspending a tenant needs a reason, which the tenant shows; reactivating clears it', async () => {
    const ingress = t.stack.service('ingress').url;
    const refused = await op.call<ErrorBody & { error: { param: string } }>('PATCH', '/tenants/ten_guard', { status: 'suspended' });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'missing_required_parameter', param: 'suspension_reason' });
    const dry = await op.call('PATCH', '/tenants/ten_guard?dry_run=true', { status: 'suspended', suspension_reason: 'Unpaid invoice' });
    expect(dry.status).toBe(200);
    await t.waitForConfig();
    expect((await chat(ingress, apiKey, 'Hi', { model: 'guarded' })).status).toBe(200);

    const suspended = await op.ok('PATCH', '/tenants/ten_guard', { status: 'suspended', suspension_reason: 'Unpaid invoice INV-7' });
    expect(suspended).toMatchObject({ status: 'suspended', suspension_reason: 'Unpaid invoice INV-7' });
    await t.waitForConfig();
    expect((await chat(ingress, apiKey, 'Hi', { model: 'guarded' })).status).toBe(403);
    // A reason for an active tenant is a mistake, not a no-op.
    expect((await op.call('PATCH', '/tenants/ten_guard', { status: 'active', suspension_reason: 'x-y-z' })).status).toBe(400);

    expect(await op.ok('PATCH', '/tenants/ten_guard', { status: 'active' })).toMatchObject({ status: 'active', suspension_reason: null });
    await t.waitForConfig();
    expect((await chat(ingress, apiKey, 'Hi', { model: 'guarded' })).status).toBe(200);
  });

  it('force=true deletes anyway, listing the dangling references; the alias then fails cleanly', async () => {
    const res = await op.call<{ deleted: boolean; references: unknown[] }>('DELETE', '/deployments/guard-gpt?force=true');
    expect(res.status).toBe(200);
    expect(res.body.deleted).toBe(true);
    expect(res.body.references).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'alias', id: 'guarded' })]));
    await t.waitForConfig();
    const served = await chat(t.stack.service('ingress').url, apiKey, 'Hi', { model: 'guarded' });
    expect(served.status).toBeGreaterThanOrEqual(400);
    expect(served.body['error']).toBeDefined();
  });
});
