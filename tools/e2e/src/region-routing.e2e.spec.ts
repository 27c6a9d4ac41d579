import { RequestEvent, UsageEvent } from '@switchyard/contracts';
import { ADMIN_ENV, AdminClient, chat } from './admin-client';
import { dumpTopics } from './kafka-dump';
import { TestStack } from './test-stack';

interface RegionRow {
  request_id: string;
  region: string;
  deployment_id: string;
  http_status: number;
}

describe('region routing: a tenant pinned to the EU is only ever served in the EU', () => {
  let t: TestStack;
  let op: AdminClient;
  let ingress: string;
  let euKey = '';
  let anyKey = '';

  beforeAll(async () => {
    t = await TestStack.start({ extraEnv: ADMIN_ENV });
    ingress = t.stack.service('ingress').url;
    op = new AdminClient(ingress);
    await op.ok('POST', '/provider-credentials', { id: 'cred-region', provider: 'openai', secret: 'sk-mock' });
    const deploy = (id: string, model: string, region: string) =>
      op.ok('PUT', `/deployments/${id}`, {
        model,
        provider: 'openai',
        upstream_model: model,
        base_url: `${t.mock.url}/d/${id}/v1`,
        region,
        credential_id: 'cred-region',
      });
    await deploy('mini-us', 'gpt-4o-mini', 'us-east');
    await deploy('mini-eu', 'gpt-4o-mini', 'eu-west');
    await deploy('big-us', 'gpt-4o', 'us-east');
    await op.ok('POST', '/tenants', { id: 'ten_eu', name: 'EU only' });
    await op.ok('PATCH', '/tenants/ten_eu/settings', { allowed_regions: ['eu-west'] });
    await op.ok('POST', '/tenants', { id: 'ten_any', name: 'Anywhere' });
    euKey = (await op.ok<{ key: string }>('POST', '/tenants/ten_eu/api-keys', { name: 'eu' })).key;
    anyKey = (await op.ok<{ key: string }>('POST', '/tenants/ten_any/api-keys', { name: 'any' })).key;
    await t.waitForConfig();
  });

  afterAll(() => t?.stop());

  it('serves every request of the pinned tenant from the EU deployment, and records eu-west on its events', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await chat(ingress, euKey, `hello ${i}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-switchyard-deployment')).toBe('mini-eu');
      ids.push(res.headers.get('x-request-id') ?? '');
    }
    const list = ids.map((id) => `'${id}'`).join(',');
    const requests = await t.eventually<RegionRow>(
      `SELECT request_id, region, deployment_id, http_status FROM ${t.id}.request_events WHERE request_id IN (${list})`,
      (r) => r.length === 6,
    );
    expect(new Set(requests.map((r) => `${r.region}/${r.deployment_id}`))).toEqual(new Set(['eu-west/mini-eu']));
    const usage = await t.eventually<RegionRow>(
      `SELECT request_id, region, deployment_id FROM ${t.id}.usage_events WHERE request_id IN (${list})`,
      (r) => r.length === 6,
    );
    expect(new Set(usage.map((r) => r.region))).toEqual(new Set(['eu-west']));

    // The Kafka events themselves carry the region and the tenant's residency scope.
    const events = await readEvents(`${t.id}.`);
    const mine = events.requests.filter((e) => ids.includes(e.context?.requestId ?? ''));
    expect(mine).toHaveLength(6);
    for (const e of mine) {
      expect(e.context?.allowedRegions).toEqual(['eu-west']);
      expect(e.trace?.region).toBe('eu-west');
    }
    expect(events.usage.filter((e) => ids.includes(e.context?.requestId ?? '')).map((e) => e.region)).toEqual(Array(6).fill('eu-west'));
  });

  it('refuses clearly when no deployment in an allowed region can serve the model', async () => {
    const res = await chat(ingress, euKey, 'hi', { model: 'gpt-4o' });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      error: {
        message: "The model 'gpt-4o' is not served in your allowed regions (eu-west).",
        type: 'permission_error',
        code: 'permission_denied',
        param: 'model',
      },
    });
    expect((await chat(ingress, anyKey, 'hi', { model: 'gpt-4o' })).status).toBe(200);
  });

  it('never fails over out of the region when the EU deployment is down', async () => {
    t.mock.setDeployment('mini-eu', { failRate: 1, failStatus: 503 });
    const usBefore = t.mock.requests(500).filter((r) => r.deployment === 'mini-us').length;
    const res = await chat(ingress, euKey, 'still here?');
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(t.mock.requests(500).filter((r) => r.deployment === 'mini-us').length).toBe(usBefore);
    // An unpinned tenant is still served, from the US.
    const other = await chat(ingress, anyKey, 'and me?');
    expect(other.status).toBe(200);
    expect(other.headers.get('x-switchyard-deployment')).toBe('mini-us');
  });

  it('refuses a key scoped to a region its tenant may not use', async () => {
    const res = await op.call('POST', '/tenants/ten_eu/api-keys', { name: 'us', allowed_regions: ['us-east'] });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { param: 'allowed_regions' } });
  });
});

async function readEvents(prefix: string): Promise<{ requests: RequestEvent[]; usage: UsageEvent[] }> {
  const raw = await dumpTopics(prefix);
  return {
    requests: raw.filter((m) => m.topic.endsWith('requests.v1')).map((m) => RequestEvent.decode(m.value)),
    usage: raw.filter((m) => m.topic.endsWith('usage.v1')).map((m) => UsageEvent.decode(m.value)),
  };
}
