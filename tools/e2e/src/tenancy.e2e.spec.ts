import { estimateChatCost } from '@switchyard/budgets';
import { ChatRequest, ProviderCredential } from '@switchyard/contracts';
import OpenAI from 'openai';
import { ADMIN_ENV, AdminClient } from './admin-client';
import { TestStack } from './test-stack';

// gpt-4o-mini list prices: $0.15 / $0.60 per million tokens.
const MINI = { inputMicroUsd: 150_000, outputMicroUsd: 600_000 };
const SMALL_LIMIT = 1_000;
const LONG_REPLY = '[[mock:words=150]] Tell me about budgets';

const errorOf = (body: unknown) => (body as { error?: { code?: string; message?: string; param?: string } }).error ?? {};

async function attempt<T>(run: () => Promise<T>): Promise<{ status: number; code: string; message: string; value?: T }> {
  try {
    return { status: 200, code: '', message: '', value: await run() };
  } catch (error) {
    if (!(error instanceof OpenAI.APIError)) throw error;
    return { status: error.status ?? 0, code: String(error.code ?? ''), message: error.message };
  }
}

describe('tenancy: BYO deployments, plan and budget references, small money budgets (openai client -> ingress -> router -> adapters)', () => {
  let t: TestStack;
  let op: AdminClient;
  let byoOwner: OpenAI;
  let stranger: OpenAI;

  beforeAll(async () => {
    t = await TestStack.start({ services: ['provider-adapters', 'budget-enforcer', 'router', 'ingress'], extraEnv: ADMIN_ENV });
    op = new AdminClient(t.stack.service('ingress').url);
    const s = t.seeder;
    await s.credential('cred-platform', 'openai', 'sk-mock');
    await s.deployment({
      id: 'plat-mini',
      model: 'gpt-4o-mini',
      provider: 'openai',
      baseUrl: `${t.mock.url}/d/plat-mini/v1`,
      credentialId: 'cred-platform',
      price: MINI,
      // One class with byo-model, so policy:cheapest may rank them against each other.
      modelClass: 'chat',
    });
    // Tenant A's own provider key, and a deployment of a model only it serves; priced at nothing so
    // policy:cheapest would pick it for anyone who could see it.
    await s.credential('cred-byo', 'openai', 'sk-byo-of-tenant-a', 'ten_byo');
    await s.deployment({
      id: 'byo-dep',
      model: 'byo-model',
      provider: 'openai',
      baseUrl: `${t.mock.url}/d/byo-dep/v1`,
      credentialId: 'cred-byo',
      credentialTenantId: 'ten_byo',
      price: { inputMicroUsd: 1, outputMicroUsd: 1 },
      modelClass: 'chat',
    });
    await s.alias('byo-first', ['byo-dep', 'plat-mini']);
    // A platform credential that cannot be decrypted (sealed with a key nobody has).
    await s.write({
      $case: 'providerCredential',
      providerCredential: ProviderCredential.fromPartial({
        id: 'cred-broken',
        provider: 'openai',
        ciphertextB64: 'AAAA',
        ivB64: 'AAAAAAAAAAAAAAAA',
        authTagB64: 'AAAAAAAAAAAAAAAAAAAAAA==',
        kekId: 'no-such-kek',
        createdAtMs: Date.now(),
      }),
    });
    await s.deployment({
      id: 'broken-dep',
      model: 'broken-model',
      provider: 'openai',
      baseUrl: `${t.mock.url}/d/broken-dep/v1`,
      credentialId: 'cred-broken',
    });
    await s.tenant('ten_byo');
    await s.tenant('ten_stranger');
    await s.tenant('ten_ghost_plan', { planId: 'plan-that-was-never-created' });
    await s.tenant('ten_small');
    await s.budget({ id: 'small-money', tenantId: 'ten_small', limit: SMALL_LIMIT });
    await t.waitForConfig();
    const a = await s.issueKey('ten_byo');
    const b = await s.issueKey('ten_stranger');
    await t.waitForConfig();
    byoOwner = new OpenAI({ apiKey: a.plaintext, baseURL: t.baseUrl, maxRetries: 0 });
    stranger = new OpenAI({ apiKey: b.plaintext, baseURL: t.baseUrl, maxRetries: 0 });
  });

  afterAll(() => t?.stop());

  const hello = (client: OpenAI, model: string) =>
    attempt(() => client.chat.completions.create({ model, messages: [{ role: 'user', content: 'Hello' }] }).withResponse());

  it("another tenant never sees or reaches a tenant's BYO deployment, and cannot open its breaker", async () => {
    const ownerModels = (await byoOwner.models.list()).data.map((m) => m.id);
    const strangerModels = (await stranger.models.list()).data.map((m) => m.id);
    expect(ownerModels).toContain('byo-model');
    expect(strangerModels).toContain('gpt-4o-mini');
    expect(strangerModels).not.toContain('byo-model');

    for (let i = 0; i < 6; i++) {
      const refused = await hello(stranger, 'byo-model');
      expect(refused).toMatchObject({ status: 404, code: 'model_not_found' });
    }
    // The owner's deployment is healthy: no breaker was opened by the stranger's calls.
    const owner = await hello(byoOwner, 'byo-model');
    expect(owner.status).toBe(200);
    expect(owner.value?.response.headers.get('x-switchyard-deployment')).toBe('byo-dep');

    // Aliases and policies leave it out for the stranger, keep it for the owner.
    const viaAlias = await hello(stranger, 'byo-first');
    expect(viaAlias.status).toBe(200);
    expect(viaAlias.value?.response.headers.get('x-switchyard-deployment')).toBe('plat-mini');
    expect(viaAlias.value?.response.headers.get('x-switchyard-attempts')).toBe('1');
    const cheapest = await hello(stranger, 'policy:cheapest');
    expect(cheapest.status).toBe(200);
    expect(cheapest.value?.response.headers.get('x-switchyard-deployment')).not.toBe('byo-dep');
    expect(cheapest.value?.response.headers.get('x-switchyard-candidates')).toBe('gpt-4o-mini');
    expect((await hello(byoOwner, 'policy:cheapest')).value?.response.headers.get('x-switchyard-deployment')).toBe('byo-dep');
    expect(t.mock.requests(500).filter((r) => r.deployment === 'byo-dep').length).toBe(2);
  });

  it('a credential that cannot be decrypted is a 503 for the caller and an error the operator sees (log and metric)', async () => {
    const refused = await hello(stranger, 'broken-model');
    expect(refused.status).toBe(503);
    expect(refused.code).toBe('no_deployment_available');
    expect(refused.message).not.toMatch(/ciphertext|AAAA/);
    const metrics = await (await fetch(`${t.stack.service('provider-adapters').url}/metrics`)).text();
    expect(metrics).toMatch(
      /switchyard_adapters_credential_failures_total\{[^}]*credential_id="cred-broken"[^}]*reason="undecryptable"[^}]*\} [1-9]/,
    );
  });

  it('refuses a tenant whose plan does not exist (fail closed), with a clear error', async () => {
    const key = await t.seeder.issueKey('ten_ghost_plan');
    await t.waitForConfig();
    const client = new OpenAI({ apiKey: key.plaintext, baseURL: t.baseUrl, maxRetries: 0 });
    const refused = await hello(client, 'gpt-4o-mini');
    expect(refused.status).toBe(403);
    expect(refused.message).toContain('plan-that-was-never-created');
    expect((await client.models.list()).data).toEqual([]);
  });

  it('checks references on write: tenant -> plan, plan delete while in use, budget -> key and feature of the same tenant', async () => {
    const typo = await op.call('POST', '/tenants', { id: 'ten_typo', name: 'Typo', plan_id: 'no-such-plan' });
    expect(typo.status).toBe(422);
    expect(errorOf(typo.body)).toMatchObject({ code: 'unknown_reference', param: 'plan_id' });
    expect(errorOf(typo.body).message).toContain('no-such-plan');
    expect((await op.call('GET', '/tenants/ten_typo')).status).toBe(404);

    await op.ok('PUT', '/plans/plan-pro', { name: 'Pro', allowed_models: ['gpt-4o-mini'] });
    await op.ok('POST', '/tenants', { id: 'ten_pro', name: 'Pro Inc', plan_id: 'plan-pro' });
    const patched = await op.call('PATCH', '/tenants/ten_pro', { plan_id: 'no-such-plan' });
    expect(patched.status).toBe(422);
    expect(errorOf(patched.body).param).toBe('plan_id');
    const inUse = await op.call('DELETE', '/plans/plan-pro');
    expect(inUse.status).toBe(409);
    expect(errorOf(inUse.body).message).toContain('ten_pro');
    expect((await op.call('GET', '/plans')).body['data']).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'plan-pro' })]));

    await op.ok('POST', '/tenants', { id: 'ten_rival', name: 'Rival' });
    const rivalKey = await op.ok<{ id: string }>('POST', '/tenants/ten_rival/api-keys', { name: 'rival' });
    const ownKey = await op.ok<{ id: string }>('POST', '/tenants/ten_pro/api-keys', { name: 'own' });
    const budget = (fields: Record<string, unknown>) =>
      op.call('PUT', `/tenants/ten_pro/budgets/b-${String(fields['scope'])}`, {
        metric: 'cost_micro_usd',
        window: 'month',
        limit: 1_000,
        action: 'block',
        ...fields,
      });
    const foreignKey = await budget({ scope: 'api_key', api_key_id: rivalKey.id });
    expect(foreignKey.status).toBe(422);
    expect(errorOf(foreignKey.body)).toMatchObject({ code: 'unknown_reference', param: 'api_key_id' });
    expect(errorOf(foreignKey.body).message).toContain(rivalKey.id);
    expect((await budget({ scope: 'api_key', api_key_id: ownKey.id })).status).toBe(200);
    const unknownFeature = await budget({ scope: 'feature', feature: 'not-declared' });
    expect(unknownFeature.status).toBe(422);
    expect(errorOf(unknownFeature.body).param).toBe('feature');
    await op.ok('PUT', '/tenants/ten_pro/features/search', { name: 'Search' });
    expect((await budget({ scope: 'feature', feature: 'search' })).status).toBe(200);
    const listed = (await op.ok<{ data: { id: string }[] }>('GET', '/tenants/ten_pro/budgets')).data.map((b) => b.id).sort();
    expect(listed).toEqual(['b-api_key', 'b-feature']);
  });

  it('a small money budget admits every request its remaining money covers, then blocks', async () => {
    const key = await t.seeder.issueKey('ten_small');
    await t.waitForConfig();
    const client = new OpenAI({ apiKey: key.plaintext, baseURL: t.baseUrl, maxRetries: 0 });
    // The worst case the router reserves for one of these requests: no max_tokens, so 1,024 output tokens.
    const estimate = estimateChatCost(
      ChatRequest.fromPartial({ model: 'gpt-4o-mini', messages: [{ content: [{ part: { $case: 'text', text: LONG_REPLY } }] }] }),
      { input: MINI.inputMicroUsd, output: MINI.outputMicroUsd, cachedInput: MINI.inputMicroUsd, cacheWrite: MINI.inputMicroUsd },
      0,
    );
    expect(estimate).toBeGreaterThan(SMALL_LIMIT / 4);
    const outcomes: { status: number; code: string; spentBefore: number }[] = [];
    let spent = 0;
    for (let i = 0; i < 60 && !outcomes.some((o) => o.code === 'insufficient_quota'); i++) {
      const o = await attempt(() =>
        client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: LONG_REPLY }] }),
      );
      outcomes.push({ status: o.status, code: o.code, spentBefore: spent });
      const usage = o.value?.usage;
      if (usage) spent += Math.ceil((usage.prompt_tokens * MINI.inputMicroUsd + usage.completion_tokens * MINI.outputMicroUsd) / 1_000_000);
    }
    process.stdout.write(
      `small budget ${SMALL_LIMIT} µ$, estimate ${estimate} µ$: ${outcomes.map((o) => `${o.status}@${o.spentBefore}`).join(' ')}\n`,
    );
    // Every request the remaining budget covered (even at its worst-case estimate) was served.
    const spurious = outcomes.filter((o) => o.status !== 200 && o.spentBefore + estimate <= SMALL_LIMIT);
    expect(spurious).toEqual([]);
    expect(outcomes.filter((o) => o.status === 200).length).toBeGreaterThan(3);
    expect(outcomes.at(-1)).toMatchObject({ status: 429, code: 'insufficient_quota' });
    expect(spent).toBeGreaterThanOrEqual(SMALL_LIMIT);
  });
});
