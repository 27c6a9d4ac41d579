import { ADMIN_ENV, AdminClient, chat } from './admin-client';
import { TestStack } from './test-stack';

interface IssuedKey {
  id: string;
  key: string;
}

const errorCode = (body: Record<string, unknown>) => (body['error'] as { code?: string } | undefined)?.code;

/** Polls `probe` every few ms until it returns true; resolves to the elapsed ms (or Infinity on timeout). */
async function msUntil(probe: () => Promise<boolean>, timeoutMs = 10_000, started = performance.now()): Promise<number> {
  while (performance.now() - started < timeoutMs) {
    if (await probe()) return performance.now() - started;
    await new Promise((r) => setTimeout(r, 10));
  }
  return Number.POSITIVE_INFINITY;
}

describe('API keys through the admin API: real Kafka, two ingress replicas', () => {
  let t: TestStack;
  let op: AdminClient;
  let replicaA: string;
  let replicaB: string;

  beforeAll(async () => {
    t = await TestStack.start({ extraEnv: ADMIN_ENV, extraIngressReplicas: 1 });
    replicaA = t.stack.service('ingress').url;
    replicaB = t.stack.ingressReplicas[0]!.url;
    op = new AdminClient(replicaA);
    await op.ok('POST', '/provider-credentials', { id: 'cred-mock', provider: 'openai', secret: 'sk-mock-secret' });
    await op.ok('PUT', '/deployments/keys-gpt', {
      model: 'gpt-4o-mini',
      provider: 'openai',
      base_url: `${t.mock.url}/d/keys-gpt/v1`,
      region: 'us-east',
      credential_id: 'cred-mock',
    });
    await op.ok('POST', '/tenants', { id: 'ten_keys', name: 'Keys Inc' });
  });

  afterAll(() => t?.stop());

  const createKey = (name: string) => op.ok<IssuedKey>('POST', '/tenants/ten_keys/api-keys', { name });

  it('a created key is usable at once on the replica that wrote it, and on the other within a second', async () => {
    const key = await createKey('created');
    expect((await chat(replicaA, key.key)).status).toBe(200);
    expect(await msUntil(async () => (await chat(replicaB, key.key)).status === 200)).toBeLessThan(1_000);
  });

  it('a rotated key keeps working until the overlap ends, then gets 401 while its successor works', async () => {
    const old = await createKey('rotating');
    const rotated = await op.ok<IssuedKey & { previous: { expires_at_ms: number } }>(
      'POST',
      `/tenants/ten_keys/api-keys/${old.id}/rotate`,
      { overlap_seconds: 4 },
    );
    await t.waitForConfig();
    for (const replica of [replicaA, replicaB]) {
      expect((await chat(replica, old.key)).status).toBe(200);
      expect((await chat(replica, rotated.key)).status).toBe(200);
    }
    // Wait past the overlap (measured from the old key's new expiry, not from here).
    await new Promise((r) => setTimeout(r, Math.max(0, rotated.previous.expires_at_ms - Date.now()) + 50));
    for (const replica of [replicaA, replicaB]) {
      const refused = await chat(replica, old.key);
      expect(refused.status).toBe(401);
      expect(errorCode(refused.body)).toBe('api_key_rotated');
      expect((await chat(replica, rotated.key)).status).toBe(200);
    }
  });

  it('a revoked key gets 401 within one second on every ingress replica', async () => {
    const key = await createKey('revoked');
    await t.waitForConfig();
    expect((await chat(replicaA, key.key)).status).toBe(200);
    expect((await chat(replicaB, key.key)).status).toBe(200);

    // Measured from the moment the revocation is sent (the answer comes once Kafka acknowledged it).
    const sent = performance.now();
    await op.ok('POST', `/tenants/ten_keys/api-keys/${key.id}/revoke`);
    const answeredMs = performance.now() - sent;
    const refused = (url: string) => async () => {
      const r = await chat(url, key.key);
      return r.status === 401 && errorCode(r.body) === 'api_key_revoked';
    };
    const [onA, onB] = await Promise.all([msUntil(refused(replicaA), 10_000, sent), msUntil(refused(replicaB), 10_000, sent)]);
    process.stdout.write(
      `revocation: admin answer after ${answeredMs.toFixed(1)} ms; 401 on replica A after ${onA.toFixed(1)} ms, on replica B after ${onB.toFixed(1)} ms\n`,
    );
    expect(onA).toBeLessThan(1_000);
    expect(onB).toBeLessThan(1_000);
  });

  it('accepts a JSON content type with an empty body on POSTs that need no body, and still validates those that do', async () => {
    const key = await createKey('empty-body');
    const post = (path: string) =>
      fetch(`${replicaA}/admin/v1${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${op.token}`, 'content-type': 'application/json' },
        body: '',
      });
    const revoked = await post(`/tenants/ten_keys/api-keys/${key.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toMatchObject({ id: key.id });
    const rotated = await post(`/tenants/ten_keys/api-keys/${(await createKey('empty-rotate')).id}/rotate`);
    expect(rotated.status).toBe(201);
    const tenant = await post('/tenants');
    expect(tenant.status).toBe(400);
    expect(((await tenant.json()) as { error: { code: string } }).error.code).not.toBe('invalid_json');
    const malformed = await fetch(`${replicaA}/admin/v1/tenants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${op.token}`, 'content-type': 'application/json' },
      body: '{"id":',
    });
    expect(((await malformed.json()) as { error: { code: string } }).error.code).toBe('invalid_json');
  });

  it('refuses a repeated query parameter with a 400 that names it', async () => {
    const res = await op.call('GET', '/tenants/ten_keys/api-keys?limit=1&limit=2');
    expect(res.status).toBe(400);
    expect(res.body['error']).toMatchObject({ code: 'repeated_parameter', param: 'limit' });
  });

  it('a replica restarted from scratch rebuilds the same state from the log', async () => {
    const digest = async (url: string) => await op.on(url).ok<{ digest: string; entities: number }>('GET', '/config/digest');
    const active = await createKey('survivor');
    await t.waitForConfig();
    const before = await digest(replicaA);
    expect(await digest(replicaB)).toEqual(before);
    expect(before.entities).toBeGreaterThanOrEqual(8);
    const keysBefore = await op.ok<{ data: unknown[] }>('GET', '/tenants/ten_keys/api-keys');

    const replica = t.stack.ingressReplicas[0]!;
    await replica.kill();
    await replica.start();

    expect(await digest(replicaB)).toEqual(before);
    expect(await op.on(replicaB).ok('GET', '/tenants/ten_keys/api-keys')).toEqual(keysBefore);
    expect((await chat(replicaB, active.key)).status).toBe(200);
  });
});
