import { AlertWebhook, Budget, ScopeKind } from '@switchyard/contracts';
import type { Budget as BudgetEntity } from '@switchyard/contracts';
import { validateAlertWebhook, validateBudget } from '@switchyard/budgets';
import { notFound, unavailable, unknownReference } from '../http/admin-errors';
import { checkScopeReferences } from './budget-references';
import { ACTIONS, BUDGET_SCHEMA, METRICS, SCOPES, WEBHOOK_SCHEMA, WINDOWS, budgetView, webhookView } from './budget-views';
import { route } from '../http/admin-route';
import type { AdminCall } from '../http/admin-route';
import { DELETED_SCHEMA, listOf, listSchema } from '../http/views';
import { requireTenant } from '../tenants/tenant.routes';
import { idField } from '../validation/common-fields';
import { bool, int, invalid, list, obj, oneOf, optional, str } from '../validation/schema';

const budgetFields = {
  feature: optional(str({ max: 64, description: 'For scope feature' })),
  api_key_id: optional(str({ max: 64, description: 'For scope api_key' })),
  metric: oneOf(
    ['cost_micro_usd', 'requests', 'tokens'] as const,
    'Money (integer micro-USD, per day or month) or requests/tokens (per minute)',
  ),
  window: oneOf(['minute', 'day', 'month'] as const, 'UTC calendar window'),
  limit: int({ min: 1, description: 'Micro-USD, requests or tokens per window' }),
  action: oneOf(['block', 'downgrade', 'throttle', 'allow'] as const, 'What happens at 100% (allow: alerts only)'),
  downgrade_to: optional(str({ max: 128, description: 'The cheaper model or alias, for action downgrade' })),
  throttle_rpm: optional(int({ min: 1, description: 'Requests per minute, for action throttle' })),
  alert_thresholds_percent: optional(
    list(int({ min: 1, max: 1000 }), {
      max: 10,
      unique: true,
      description: 'Percentages of the limit that send an alert, e.g. [50, 80, 100]',
    }),
  ),
  alert_webhook_id: optional(str({ max: 64 })),
  enabled: optional(bool()),
  assumed_output_tokens: optional(
    int({ min: 0, max: 1_000_000, description: 'Output tokens reserved for requests without max_tokens (0 = 1024)' }),
  ),
};
const tenantBudgetBody = obj({ scope: oneOf(['tenant', 'feature', 'api_key'] as const, 'What the budget counts'), ...budgetFields });
const planBudgetBody = obj({
  plan_id: str({ min: 1, max: 64, description: 'Every tenant on this plan, each counted separately' }),
  ...budgetFields,
});
const webhookBody = obj({
  url: str({ min: 1, max: 2048, description: 'https URL that receives signed alerts (http only for loopback)' }),
  secret: optional(
    str({
      min: 16,
      max: 512,
      description: 'HMAC signing secret; required when creating, kept when omitted on update. Stored encrypted; never returned.',
    }),
  ),
  enabled: optional(bool()),
});

type BudgetBodyFields = { [K in keyof typeof budgetFields]: ReturnType<(typeof budgetFields)[K]['parse']> };

function budgetFrom(
  call: AdminCall<BudgetBodyFields>,
  id: string,
  tenantId: string,
  scope: ScopeKind,
  planId: string,
  old: BudgetEntity | undefined,
): Budget {
  const b = call.body;
  const budget = Budget.fromPartial({
    id,
    tenantId,
    scope,
    planId,
    feature: b.feature ?? '',
    apiKeyId: b.api_key_id ?? '',
    metric: METRICS[b.metric],
    window: WINDOWS[b.window],
    limit: b.limit,
    action: ACTIONS[b.action],
    downgradeTo: b.downgrade_to ?? '',
    throttleRpm: b.throttle_rpm ?? 0,
    alertThresholdsPercent: b.alert_thresholds_percent ?? [],
    alertWebhookId: b.alert_webhook_id ?? '',
    enabled: b.enabled ?? true,
    assumedOutputTokens: b.assumed_output_tokens ?? 0,
    createdAtMs: old?.createdAtMs ?? call.nowMs,
    updatedAtMs: call.nowMs,
  });
  const state = call.deps.state;
  // A tenant budget alerts the tenant's own webhook; a plan budget alerts each counted tenant's webhook of that id.
  const problems = validateBudget(budget, (webhookId) =>
    tenantId === ''
      ? [...state.alertWebhooks.values()].some((w) => w.id === webhookId)
      : state.alertWebhook(tenantId, webhookId) !== undefined,
  );
  if (problems.length > 0) throw invalid(problems[0]!.field, problems.map((p) => `${p.field} ${p.message}`).join('; '));
  checkScopeReferences(call.deps.state, budget);
  return budget;
}

/** The budget with this id of the route's owner: ids are per owner, so another owner's budget is never seen. */
function ownBudget(call: AdminCall<unknown>, tenantId: string): { id: string; existing: BudgetEntity | undefined } {
  const id = idField('budget id').parse(call.params['budgetId'], 'budgetId');
  return { id, existing: call.deps.state.budget(tenantId, id) };
}

export const budgetRoutes = [
  route({
    method: 'GET',
    path: '/tenants/{tenantId}/budgets',
    permission: 'budget.read',
    tag: 'budgets',
    summary: "List the tenant's budgets and quotas",
    response: listSchema(BUDGET_SCHEMA),
    handle: (call) => {
      const tenant = requireTenant(call);
      return listOf([...call.deps.state.budgets.values()].filter((b) => b.tenantId === tenant.id).map(budgetView));
    },
  }),
  route({
    method: 'PUT',
    path: '/tenants/{tenantId}/budgets/{budgetId}',
    permission: 'budget.write',
    tag: 'budgets',
    summary: 'Create or replace a budget or quota of the tenant (whole tenant, one feature or one API key)',
    body: tenantBudgetBody,
    unprocessable: "api_key_id or feature is not the tenant's own",
    response: BUDGET_SCHEMA,
    handle: async (call) => {
      const tenant = requireTenant(call);
      const { id, existing } = ownBudget(call, tenant.id);
      const budget = budgetFrom(call, id, tenant.id, SCOPES[call.body.scope], '', existing);
      await call.write({ $case: 'budget', budget });
      return budgetView(budget);
    },
  }),
  route({
    method: 'DELETE',
    path: '/tenants/{tenantId}/budgets/{budgetId}',
    permission: 'budget.write',
    tag: 'budgets',
    summary: 'Delete a budget of the tenant',
    response: DELETED_SCHEMA,
    handle: async (call) => {
      const tenant = requireTenant(call);
      const { id, existing } = ownBudget(call, tenant.id);
      if (!existing) throw notFound('budget', id);
      await call.write({ $case: 'budget', budget: existing }, true);
      return { id, deleted: true };
    },
  }),
  route({
    method: 'GET',
    path: '/budgets',
    permission: 'platform.manage',
    tag: 'budgets',
    summary: 'List every budget (all tenants and plans)',
    response: listSchema(BUDGET_SCHEMA),
    handle: ({ deps }) => listOf([...deps.state.budgets.values()].map(budgetView)),
  }),
  route({
    method: 'PUT',
    path: '/budgets/{budgetId}',
    permission: 'platform.manage',
    tag: 'budgets',
    summary: 'Create or replace a plan budget (applies to every tenant on the plan, each counted separately)',
    body: planBudgetBody,
    unprocessable: 'plan_id names no plan',
    response: BUDGET_SCHEMA,
    handle: async (call) => {
      const { id, existing } = ownBudget(call, '');
      if (!call.deps.state.plans.has(call.body.plan_id)) throw unknownReference('plan_id', 'plan', call.body.plan_id);
      const budget = budgetFrom(call, id, '', ScopeKind.SCOPE_KIND_PLAN, call.body.plan_id, existing);
      await call.write({ $case: 'budget', budget });
      return budgetView(budget);
    },
  }),
  route({
    method: 'DELETE',
    path: '/budgets/{budgetId}',
    permission: 'platform.manage',
    tag: 'budgets',
    summary: 'Delete a plan budget',
    response: DELETED_SCHEMA,
    handle: async (call) => {
      const { id, existing } = ownBudget(call, '');
      if (!existing) throw notFound('budget', id);
      await call.write({ $case: 'budget', budget: existing }, true);
      return { id, deleted: true };
    },
  }),
  route({
    method: 'GET',
    path: '/tenants/{tenantId}/alert-webhooks',
    permission: 'budget.read',
    tag: 'budgets',
    summary: "List the tenant's alert webhooks (secrets are never returned)",
    response: listSchema(WEBHOOK_SCHEMA),
    handle: (call) => {
      const tenant = requireTenant(call);
      return listOf([...call.deps.state.alertWebhooks.values()].filter((w) => w.tenantId === tenant.id).map(webhookView));
    },
  }),
  route({
    method: 'PUT',
    path: '/tenants/{tenantId}/alert-webhooks/{webhookId}',
    permission: 'budget.write',
    tag: 'budgets',
    summary: 'Create or replace where budget alerts go (HMAC-signed; the secret is sealed and never returned)',
    body: webhookBody,
    response: WEBHOOK_SCHEMA,
    handle: async (call) => {
      const tenant = requireTenant(call);
      const id = idField('webhook id').parse(call.params['webhookId'], 'webhookId');
      const existing = call.deps.state.alertWebhook(tenant.id, id);
      const cipher = call.deps.cipher;
      if (call.body.secret !== undefined && !cipher)
        throw unavailable('Webhook secrets cannot be stored: no key-encryption key is configured (SWITCHYARD_KEKS).');
      const sealed = call.body.secret !== undefined && cipher ? cipher.seal(call.body.secret, `alert_webhook/${id}`) : existing;
      const webhook = AlertWebhook.fromPartial({
        id,
        tenantId: tenant.id,
        url: call.body.url,
        enabled: call.body.enabled ?? true,
        ciphertextB64: sealed?.ciphertextB64 ?? '',
        ivB64: sealed?.ivB64 ?? '',
        authTagB64: sealed?.authTagB64 ?? '',
        kekId: sealed?.kekId ?? '',
        createdAtMs: existing?.createdAtMs ?? call.nowMs,
        updatedAtMs: call.nowMs,
      });
      const problems = validateAlertWebhook(webhook, call.body.secret);
      if (problems.length > 0) throw invalid(problems[0]!.field, problems.map((p) => `${p.field} ${p.message}`).join('; '));
      await call.write({ $case: 'alertWebhook', alertWebhook: webhook });
      return webhookView(webhook);
    },
  }),
  route({
    method: 'DELETE',
    path: '/tenants/{tenantId}/alert-webhooks/{webhookId}',
    permission: 'budget.write',
    tag: 'budgets',
    summary: 'Delete an alert webhook',
    response: DELETED_SCHEMA,
    conflicts: 'Budgets still alert the webhook',
    handle: async (call) => {
      const tenant = requireTenant(call);
      const id = call.params['webhookId'] ?? '';
      const webhook = call.deps.state.alertWebhook(tenant.id, id);
      if (!webhook) throw notFound('alert webhook', id);
      call.checkReferences({ kind: 'alert_webhook', tenantId: tenant.id, id });
      await call.write({ $case: 'alertWebhook', alertWebhook: webhook }, true);
      return { id, deleted: true };
    },
  }),
];
