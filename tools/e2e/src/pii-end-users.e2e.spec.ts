import { ADMIN_ENV, AdminClient } from './admin-client';
import { chat, seedMockDeployments } from './routing-support';
import { TestStack } from './test-stack';

const TENANT = 'ten_pii_ab';
const USERS = Array.from({ length: 40 }, (_, i) => `user-${i}@example.com`);
type Mode = 'off' | 'records' | 'provider';

// Issue 19, defect 3: a PII policy pseudonymises `user` per tenant instead of merging everyone into <EMAIL_1>.
describe('PII and end users: stable pseudonyms keep users apart and in their A/B arm', () => {
  let t: TestStack;
  let op: AdminClient;
  let key: string;
  const arms = new Map<Mode, string[]>();
  const requestIds = new Map<Mode, string[]>();

  beforeAll(async () => {
    t = await TestStack.start({ extraEnv: ADMIN_ENV });
    op = new AdminClient(t.stack.service('ingress').url);
    await seedMockDeployments(t, [{ id: 'pii-ab-control' }, { id: 'pii-ab-candidate' }]);
    await t.seeder.alias('pii-ab', ['pii-ab-control']);
    await t.seeder.experiment({
      id: 'pii-ab',
      aliasId: 'pii-ab',
      arms: [
        { name: 'control', target: 'pii-ab-control', weight: 50, shadow: false, shadowPercent: 0 },
        { name: 'candidate', target: 'pii-ab-candidate', weight: 50, shadow: false, shadowPercent: 0 },
      ],
    });
    await t.seeder.tenant(TENANT);
    key = (await t.seeder.issueKey(TENANT)).plaintext;
    await t.waitForConfig();
    for (const mode of ['off', 'records', 'provider'] as const) {
      if (mode !== 'off') {
        await op.ok('PATCH', `/tenants/${TENANT}/settings`, { pii_policy: { mode } });
        await t.waitForConfig();
      }
      const results = await Promise.all(USERS.map((user) => chat(t, key, 'pii-ab', { user })));
      for (const r of results) expect(r.status).toBe(200);
      arms.set(
        mode,
        results.map((r) => r.headers.get('x-switchyard-arm') ?? ''),
      );
      requestIds.set(
        mode,
        results.map((r) => r.headers.get('x-request-id') ?? ''),
      );
    }
  });

  afterAll(() => t?.stop());

  it('with PII off the 40 users split across both arms', () => {
    expect(new Set(arms.get('off'))).toEqual(new Set(['control', 'candidate']));
  });

  it.each(['records', 'provider'] as const)('%s mode assigns every user the same arm as with PII off', (mode) => {
    expect(arms.get(mode)).toEqual(arms.get('off'));
  });

  it.each(['records', 'provider'] as const)('%s mode records 40 distinct pseudonymous end users, stable across modes', async (mode) => {
    const rowsOf = async (m: Mode) => {
      const ids = requestIds
        .get(m)!
        .map((id) => `'${id}'`)
        .join(',');
      return t.eventually<{ request_id: string; end_user: string }>(
        `SELECT request_id, end_user FROM ${t.id}.request_events WHERE request_id IN (${ids})`,
        (rows) => rows.length === USERS.length,
      );
    };
    const byRequest = (rows: { request_id: string; end_user: string }[]) => new Map(rows.map((r) => [r.request_id, r.end_user]));
    const recorded = byRequest(await rowsOf(mode));
    const endUsers = requestIds.get(mode)!.map((id) => recorded.get(id) ?? '');
    expect(new Set(endUsers).size).toBe(USERS.length);
    for (const endUser of endUsers) expect(endUser).toMatch(/^eu_[0-9a-f]{32}$/);
    // The other PII mode gave each user the same pseudonym.
    const other = mode === 'records' ? 'provider' : 'records';
    const otherRecorded = byRequest(await rowsOf(other));
    expect(requestIds.get(other)!.map((id) => otherRecorded.get(id))).toEqual(endUsers);
    // With PII off the ids are recorded as sent.
    const offRecorded = byRequest(await rowsOf('off'));
    expect(requestIds.get('off')!.map((id) => offRecorded.get(id))).toEqual(USERS);
  });
});
