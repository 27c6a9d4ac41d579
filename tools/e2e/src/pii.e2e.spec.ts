import { ADMIN_ENV, AdminClient, chat } from './admin-client';
import { dumpTopics } from './kafka-dump';
import { TestStack } from './test-stack';

// One of each kind the detectors know, as a caller would write them.
const PII = {
  email: 'jane.doe@example.com',
  phone: '+1 415 555 0132',
  card: '4111 1111 1111 1111',
  iban: 'DE89 3704 0044 0532 0130 00',
  ssn: '123-45-6789',
  ipv4: '203.0.113.42',
  ipv6: '2001:db8:85a3::8a2e:370:7334',
};
const VALUES = Object.values(PII);
const PROMPT = `Customer ${PII.email} (phone ${PII.phone}, SSN ${PII.ssn}) paid with card ${PII.card} from IBAN ${PII.iban}; logins from ${PII.ipv4} and ${PII.ipv6}. Summarize.`;

const TENANTS = { provider: 'ten_pii_provider', records: 'ten_pii_records', off: 'ten_pii_off' } as const;
type Mode = keyof typeof TENANTS;

const leaks = (text: string) => VALUES.filter((v) => text.includes(v));

describe('PII redaction: nothing unredacted reaches Kafka or ClickHouse when the policy says so', () => {
  let t: TestStack;
  let op: AdminClient;
  const keys = new Map<Mode, string>();

  beforeAll(async () => {
    t = await TestStack.start({ extraEnv: ADMIN_ENV });
    op = new AdminClient(t.stack.service('ingress').url);
    await op.ok('POST', '/provider-credentials', { id: 'cred-pii', provider: 'openai', secret: 'sk-mock' });
    for (const [mode, tenant] of Object.entries(TENANTS) as [Mode, string][]) {
      // One model per tenant, so the mock's journal tells the tenants apart.
      await op.ok('PUT', `/deployments/pii-${mode}`, {
        model: `model-${mode}`,
        provider: 'openai',
        upstream_model: 'gpt-4o-mini',
        base_url: `${t.mock.url}/d/pii-${mode}/v1`,
        region: 'us-east',
        credential_id: 'cred-pii',
      });
      await op.ok('POST', '/tenants', { id: tenant, name: mode });
      if (mode !== 'off') await op.ok('PATCH', `/tenants/${tenant}/settings`, { pii_policy: { mode } });
      keys.set(mode, (await op.ok<{ key: string }>('POST', `/tenants/${tenant}/api-keys`, { name: 'k' })).key);
    }
    await t.waitForConfig();
    for (const mode of Object.keys(TENANTS) as Mode[]) {
      const url = t.stack.service('ingress').url;
      const model = `model-${mode}`;
      const plain = await chat(url, keys.get(mode)!, PROMPT, { model, user: PII.email });
      expect(plain.status).toBe(200);
      const streamed = await fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${keys.get(mode)}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          model,
          stream: true,
          user: PII.email,
          messages: [
            { role: 'system', content: `Agent for ${PII.email}` },
            { role: 'user', content: PROMPT },
          ],
        }),
      });
      expect(streamed.status).toBe(200);
      await streamed.text();
      // A bad request whose error message quotes the caller's input.
      const bad = await chat(url, keys.get(mode)!, 'x', { model, messages: [{ role: PII.email, content: 'hi' }] });
      expect(bad.status).toBe(400);
    }
    await t.eventually(`SELECT tenant_id FROM ${t.id}.request_events`, (rows) => rows.length >= 9, 60_000);
    await t.eventually(`SELECT tenant_id FROM ${t.id}.usage_events`, (rows) => rows.length >= 6, 60_000);
  });

  afterAll(() => t?.stop());

  it("sanity: the unprotected tenant's PII is found where the checks below look", async () => {
    const rows = JSON.stringify(await t.query(`SELECT * FROM ${t.id}.request_events WHERE tenant_id = '${TENANTS.off}'`));
    expect(leaks(rows)).toContain(PII.email);
    const kafka = (await dumpTopics(`${t.id}.`))
      .filter((m) => m.key === TENANTS.off)
      .map((m) => m.text)
      .join('\n');
    expect(leaks(kafka)).toContain(PII.email);
    const sent = JSON.stringify(
      t.mock
        .requests(200)
        .filter((r) => r.deployment === 'pii-off')
        .map((r) => r.body),
    );
    expect(leaks(sent).sort()).toEqual([...VALUES].sort());
  });

  it.each(['provider', 'records'] as const)('%s mode: no PII in any stored Kafka message', async (mode) => {
    const messages = await dumpTopics(`${t.id}.`);
    const tenantMessages = messages.filter((m) => m.key === TENANTS[mode]);
    expect(tenantMessages.length).toBeGreaterThanOrEqual(5); // 3 requests.v1 + 2 usage.v1 events at least
    expect(tenantMessages.filter((m) => leaks(m.text).length > 0).map((m) => `${m.topic}: ${leaks(m.text).join(', ')}`)).toEqual([]);
    // Nothing of the prompt reaches the config log either.
    expect(
      leaks(
        messages
          .filter((m) => m.topic.endsWith('config.v1'))
          .map((m) => m.text)
          .join('\n'),
      ),
    ).toEqual([]);
  });

  it.each(['provider', 'records'] as const)('%s mode: no PII in any ClickHouse row', async (mode) => {
    for (const table of ['request_events', 'usage_events']) {
      const rows = await t.query<Record<string, unknown>>(`SELECT * FROM ${t.id}.${table} WHERE tenant_id = '${TENANTS[mode]}'`);
      expect(rows.length).toBeGreaterThanOrEqual(table === 'request_events' ? 3 : 2);
      expect(leaks(JSON.stringify(rows))).toEqual([]);
    }
    // Nor in the audit log (it holds the control-plane changes, never traffic).
    expect(leaks(JSON.stringify(await t.query(`SELECT * FROM ${t.id}.audit_log`)))).toEqual([]);
    const [errorRow] = await t.query<{ error_message: string; end_user: string }>(
      `SELECT error_message, end_user FROM ${t.id}.request_events WHERE tenant_id = '${TENANTS[mode]}' AND http_status = 400`,
    );
    expect(errorRow?.error_message).toContain('<EMAIL_1>');
    const [okRow] = await t.query<{ end_user: string }>(
      `SELECT end_user FROM ${t.id}.request_events WHERE tenant_id = '${TENANTS[mode]}' AND http_status = 200 LIMIT 1`,
    );
    // The end user is the tenant's keyed pseudonym, not a shared placeholder (issue 19, defect 3).
    expect(okRow?.end_user).toMatch(/^eu_[0-9a-f]{32}$/);
  });

  it('provider mode: the provider never sees the PII, only consistent placeholders', async () => {
    const received = t.mock.requests(200).filter((r) => r.deployment === 'pii-provider');
    expect(received).toHaveLength(2);
    const sent = JSON.stringify(received.map((r) => r.body));
    expect(leaks(sent)).toEqual([]);
    for (const placeholder of ['<EMAIL_1>', '<PHONE_1>', '<SSN_1>', '<CARD_1>', '<IBAN_1>', '<IP_1>', '<IP_2>'])
      expect(sent).toContain(placeholder);
    // The same address in the system prompt and the user prompt is one placeholder.
    const streamed = received.find((r) => (r.body as { stream?: boolean }).stream === true)?.body as {
      messages: { content: string }[];
      user?: string;
    };
    expect(streamed.messages[0]?.content).toBe('Agent for <EMAIL_1>');
    expect(streamed.messages[1]?.content).toContain('Customer <EMAIL_1> (phone <PHONE_1>, SSN <SSN_1>)');
    // (The OpenAI family does not forward "user" upstream today; if it does, it is the pseudonym.)
    expect([undefined, expect.stringMatching(/^eu_[0-9a-f]{32}$/)]).toContainEqual(streamed.user);
    expect(sent).not.toContain('<EMAIL_2>');
  });

  it('records mode: the provider gets the prompt as sent (only what is recorded is redacted)', () => {
    const sent = JSON.stringify(
      t.mock
        .requests(200)
        .filter((r) => r.deployment === 'pii-records')
        .map((r) => r.body),
    );
    expect(leaks(sent).sort()).toEqual([...VALUES].sort());
  });

  it("no PII in the services' logs", async () => {
    const { readdirSync, readFileSync, statSync } = await import('node:fs');
    const { join } = await import('node:path');
    const dir = join(t.stack.repoRoot, '.var', 'logs', t.id.replace(/\W+/g, ''));
    const files = readdirSync(dir)
      .map((f) => join(dir, f))
      .filter((f) => statSync(f).isFile());
    expect(files.length).toBeGreaterThan(3);
    expect(files.flatMap((f) => leaks(readFileSync(f, 'utf8')).map((v) => `${f}: ${v}`))).toEqual([]);
  });
});
