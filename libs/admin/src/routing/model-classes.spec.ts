import { BOOTSTRAP, inMemoryAdmin } from '../test-support/in-memory-admin';

type Body = { error?: { param: string | null } } & Record<string, unknown>;

describe('model classes in the admin API', () => {
  const deployment = { model: 'm', provider: 'openai', base_url: 'https://api.example.com/v1', region: 'us-east' };

  it('stores and shows a deployment model_class, and refuses one that is not a class id', async () => {
    const { call, state } = inMemoryAdmin();
    const put = await call('PUT', '/deployments/d1', BOOTSTRAP, { ...deployment, model_class: 'chat-small' });
    expect([put.status, (put.body as Body)['model_class']]).toEqual([200, 'chat-small']);
    expect(state.deployments.get('d1')?.modelClass).toBe('chat-small');
    expect(((await call('PUT', '/deployments/d2', BOOTSTRAP, deployment)).body as Body)['model_class']).toBe('');
    const bad = await call('PUT', '/deployments/d3', BOOTSTRAP, { ...deployment, model_class: 'Chat Small' });
    expect([bad.status, (bad.body as Body).error?.param]).toEqual([400, 'model_class']);
  });

  it("stores and shows a routing policy's classes", async () => {
    const { call, state } = inMemoryAdmin();
    const put = await call('PUT', '/routing-policies/small-fast', BOOTSTRAP, { objective: 'latency', classes: ['chat-small'] });
    expect([put.status, (put.body as Body)['classes']]).toEqual([200, ['chat-small']]);
    expect(state.routingPolicies.get('small-fast')?.classes).toEqual(['chat-small']);
    const bad = await call('PUT', '/routing-policies/p2', BOOTSTRAP, { objective: 'latency', classes: ['chat-small', 'chat-small'] });
    expect(bad.status).toBe(400);
  });
});
