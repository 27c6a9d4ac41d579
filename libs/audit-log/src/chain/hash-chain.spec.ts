import { ApiKey, ConfigEvent } from '@switchyard/contracts';
import { randomBytes } from 'node:crypto';
import type { AuditFacts, AuditRow } from './audit-entry';
import { configEventFacts, entityJson } from './config-event-facts';
import { appendLink, ChainKeys, ChainVerifier, GENESIS } from './hash-chain';

const keys = new ChainKeys(new Map([['k1', randomBytes(32)]]), 'k1');

function facts(n: number, tenant: string): AuditFacts {
  return {
    event_id: `e${n}`,
    occurred_at_ms: 1_000 + n,
    chain_tenant_id: tenant,
    actor_kind: 'user',
    actor_id: 'usr_1',
    actor_tenant_id: tenant,
    source_ip: '10.0.0.1',
    request_id: `req_${n}`,
    operation: 'POST /admin/v1/x',
    action: 'update',
    entity_kind: 'api_key',
    entity_key: `api_key/k${n}`,
    before_json: '{}',
    after_json: `{"n":${n}}`,
  };
}

function chain(count: number): AuditRow[] {
  const global = { seq: 0, hash: GENESIS };
  const tenants = new Map<string, { seq: number; hash: string }>();
  return Array.from({ length: count }, (_, i) => {
    const tenant = i % 2 === 0 ? 'ten_a' : 'ten_b';
    if (!tenants.has(tenant)) tenants.set(tenant, { seq: 0, hash: GENESIS });
    return appendLink(facts(i + 1, tenant), global, tenants.get(tenant)!, keys, 5_000 + i);
  });
}

function verify(rows: AuditRow[], tenant?: string) {
  const v = new ChainVerifier(keys, tenant ? 'tenant' : 'platform');
  for (const row of rows.filter((r) => !tenant || r.chain_tenant_id === tenant)) if (!v.check(row)) break;
  return v.result();
}

describe('audit hash chain', () => {
  it('verifies an untouched chain, platform-wide and per tenant', () => {
    const rows = chain(9);
    expect(verify(rows)).toEqual({ intact: true, entriesChecked: 9, firstBrokenSeq: 0, detail: '9 entries verified' });
    expect(verify(rows, 'ten_a')).toMatchObject({ intact: true, entriesChecked: 5 });
    expect(rows.filter((r) => r.chain_tenant_id === 'ten_b').map((r) => r.tenant_seq)).toEqual([1, 2, 3, 4]);
  });

  it('finds an edited row at exactly that row, in both chains', () => {
    const rows = chain(9);
    rows[4] = { ...rows[4]!, after_json: '{"n":"forged"}' };
    expect(verify(rows)).toMatchObject({
      intact: false,
      firstBrokenSeq: 5,
      entriesChecked: 5,
      detail: 'seq 5 was altered: its content does not match its hash',
    });
    expect(verify(rows, 'ten_a')).toMatchObject({ intact: false, firstBrokenSeq: 5 });
    expect(verify(rows, 'ten_b')).toMatchObject({ intact: true });
  });

  it('finds a forged row even with a recomputed plain hash (the MAC needs the key)', () => {
    const rows = chain(4);
    const other = new ChainKeys(new Map([['k1', randomBytes(32)]]), 'k1');
    const forged = appendLink(facts(99, 'ten_a'), { seq: 4, hash: rows[3]!.hash }, { seq: 2, hash: rows[2]!.tenant_hash }, other, 9_999);
    expect(verify([...rows, forged])).toMatchObject({ intact: false, firstBrokenSeq: 5 });
  });

  it('finds repeated, missing and unlinked entries', () => {
    const rows = chain(5);
    expect(verify([rows[0]!, rows[1]!, rows[1]!, rows[2]!])).toMatchObject({
      firstBrokenSeq: 2,
      detail: 'seq 2 repeats an earlier number',
    });
    expect(verify([rows[0]!, rows[2]!])).toMatchObject({ firstBrokenSeq: 3, detail: 'seq 3 follows 1: entries are missing' });
    expect(verify([rows[0]!, { ...rows[1]!, prev_hash: GENESIS }])).toMatchObject({
      firstBrokenSeq: 2,
      detail: 'seq 2 does not link to the entry before it',
    });
    expect(verify([{ ...rows[0]!, mac_key_id: 'k9' }])).toMatchObject({
      firstBrokenSeq: 1,
      detail: "seq 1 is signed with an unknown key 'k9'",
    });
  });
});

describe('config events as audit facts', () => {
  it('records who, what, from where, before and after, and never a secret', () => {
    const apiKey = ApiKey.fromPartial({ id: 'key_1', tenantId: 'ten_a', prefix: 'sy_live_x', secretHash: 'f'.repeat(64), revokedAtMs: 5 });
    const event = ConfigEvent.fromPartial({
      meta: { eventId: 'e1', occurredAtMs: 42 },
      actor: {
        kind: 'user',
        id: 'usr_1',
        tenantId: 'ten_a',
        sourceIp: '10.1.1.1',
        requestId: 'req_1',
        operation: 'POST /admin/v1/tenants/{tenantId}/api-keys/{keyId}/revoke',
      },
      entity: { $case: 'apiKey', apiKey },
    });
    const f = configEventFacts(event, '{"id":"key_1"}', () => '');
    expect(f).toMatchObject({
      event_id: 'e1',
      chain_tenant_id: 'ten_a',
      actor_id: 'usr_1',
      source_ip: '10.1.1.1',
      request_id: 'req_1',
      action: 'update',
      entity_kind: 'api_key',
      entity_key: 'api_key/key_1',
      before_json: '{"id":"key_1"}',
    });
    expect(f.after_json).not.toContain('f'.repeat(64));
    expect(JSON.parse(f.after_json)).toMatchObject({ id: 'key_1', secretHash: expect.stringMatching(/^sha256:[0-9a-f]{12}$/) });
    expect(configEventFacts({ ...event, deleted: true }, '{}', () => '')).toMatchObject({ action: 'delete', after_json: '' });
    expect(configEventFacts(event, '', () => '').action).toBe('create');
  });

  it("puts admin tokens on their user's tenant chain", () => {
    const event = ConfigEvent.fromPartial({
      meta: { eventId: 'e2' },
      entity: { $case: 'adminToken', adminToken: { id: 'atk_1', userId: 'usr_9' } },
    });
    expect(configEventFacts(event, '', (u) => (u === 'usr_9' ? 'ten_z' : '')).chain_tenant_id).toBe('ten_z');
    expect(
      entityJson({
        $case: 'plan',
        plan: { id: 'pro', name: 'Pro', allowedModels: [], customerPriceMicroUsdPerMonth: 0, createdAtMs: 0, updatedAtMs: 0 },
      }),
    ).toBe('{"id":"pro","name":"Pro"}');
  });
});
