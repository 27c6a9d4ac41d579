import { BOOTSTRAP, inMemoryAdmin } from '../test-support/in-memory-admin';

const DEPLOYMENT = { model: 'gpt-x', provider: 'openai', base_url: 'http://127.0.0.1:9/v1', region: 'us-east' };

async function referenced() {
  const admin = inMemoryAdmin();
  await admin.call('PUT', '/deployments/dep-a', BOOTSTRAP, DEPLOYMENT);
  await admin.call('PUT', '/aliases/chat', BOOTSTRAP, { chain: ['dep-a'] });
  return admin;
}

describe('guardrails on destructive admin calls', () => {
  it('refuses to delete a referenced deployment with 409 naming the references', async () => {
    const { call, state } = await referenced();
    const res = await call('DELETE', '/deployments/dep-a', BOOTSTRAP);
    expect(res).toMatchObject({
      status: 409,
      body: { error: { code: 'still_referenced', references: [{ kind: 'alias', id: 'chat', tenant_id: '', field: 'chain' }] } },
    });
    expect((res.body as { error: { message: string } }).error.message).toContain("alias 'chat' (chain)");
    expect(state.deployments.has('dep-a')).toBe(true);
  });

  it('dry_run=true answers 200, writes nothing and says the real call would be blocked', async () => {
    const { call, state, log } = await referenced();
    const before = log.length;
    const res = await call('DELETE', '/deployments/dep-a?dry_run=true', BOOTSTRAP);
    expect(res).toMatchObject({
      status: 200,
      body: { dry_run: true, blocked: true, changes: [{ action: 'delete', key: 'deployment/dep-a' }], references: [{ id: 'chat' }] },
    });
    expect(log.length).toBe(before);
    expect(state.deployments.has('dep-a')).toBe(true);
  });

  it('force=true deletes and lists what was left dangling', async () => {
    const { call, state } = await referenced();
    const res = await call('DELETE', '/deployments/dep-a?force=true', BOOTSTRAP);
    expect(res).toMatchObject({ status: 200, body: { id: 'dep-a', deleted: true, references: [{ kind: 'alias', id: 'chat' }] } });
    expect(state.deployments.has('dep-a')).toBe(false);
  });

  it('reads the flags strictly and refuses unknown parameters on destructive routes', async () => {
    const { call } = await referenced();
    expect(await call('DELETE', '/deployments/dep-a?dry_run=yes', BOOTSTRAP)).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_value', param: 'dry_run' } },
    });
    expect(await call('DELETE', '/deployments/dep-a?dryrun=true', BOOTSTRAP)).toMatchObject({
      status: 400,
      body: { error: { code: 'unknown_parameter', param: 'dryrun' } },
    });
    expect(await call('PUT', '/deployments/dep-b?dry_run=true', BOOTSTRAP, DEPLOYMENT)).toMatchObject({ status: 400 });
  });
});
