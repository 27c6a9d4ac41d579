import { BudgetMetric, BudgetWindow, DecisionAction, ScopeKind } from '@switchyard/contracts';
import type { AlertWebhook as WebhookEntity, Budget as BudgetEntity } from '@switchyard/contracts';
import { objectSchema, S } from '../http/views';

// How budgets and alert webhooks read on the admin API: enum names and the JSON views.

export const SCOPES = {
  tenant: ScopeKind.SCOPE_KIND_TENANT,
  feature: ScopeKind.SCOPE_KIND_FEATURE,
  api_key: ScopeKind.SCOPE_KIND_API_KEY,
  plan: ScopeKind.SCOPE_KIND_PLAN,
} as const;
export const METRICS = {
  cost_micro_usd: BudgetMetric.BUDGET_METRIC_COST_MICRO_USD,
  requests: BudgetMetric.BUDGET_METRIC_REQUESTS,
  tokens: BudgetMetric.BUDGET_METRIC_TOKENS,
} as const;
export const WINDOWS = {
  minute: BudgetWindow.BUDGET_WINDOW_MINUTE,
  day: BudgetWindow.BUDGET_WINDOW_DAY,
  month: BudgetWindow.BUDGET_WINDOW_MONTH,
} as const;
export const ACTIONS = {
  block: DecisionAction.DECISION_ACTION_BLOCK,
  downgrade: DecisionAction.DECISION_ACTION_DOWNGRADE,
  throttle: DecisionAction.DECISION_ACTION_THROTTLE,
  allow: DecisionAction.DECISION_ACTION_ALLOW,
} as const;
export const nameOf = <T>(table: Record<string, T>, value: T): string => Object.entries(table).find(([, v]) => v === value)?.[0] ?? '';

export const budgetView = (b: BudgetEntity) => ({
  id: b.id,
  tenant_id: b.tenantId,
  scope: nameOf(SCOPES, b.scope),
  feature: b.feature,
  plan_id: b.planId,
  api_key_id: b.apiKeyId,
  metric: nameOf(METRICS, b.metric),
  window: nameOf(WINDOWS, b.window),
  limit: b.limit,
  action: nameOf(ACTIONS, b.action),
  downgrade_to: b.downgradeTo,
  throttle_rpm: b.throttleRpm,
  alert_thresholds_percent: b.alertThresholdsPercent,
  alert_webhook_id: b.alertWebhookId,
  enabled: b.enabled,
  assumed_output_tokens: b.assumedOutputTokens,
  created_at_ms: b.createdAtMs,
  updated_at_ms: b.updatedAtMs,
});
export const webhookView = (w: WebhookEntity) => ({
  id: w.id,
  tenant_id: w.tenantId,
  url: w.url,
  enabled: w.enabled,
  kek_id: w.kekId,
  created_at_ms: w.createdAtMs,
  updated_at_ms: w.updatedAtMs,
});
export const BUDGET_SCHEMA = objectSchema({
  id: S.string,
  tenant_id: S.string,
  scope: S.string,
  metric: S.string,
  window: S.string,
  limit: S.int,
  action: S.string,
  enabled: S.bool,
});
export const WEBHOOK_SCHEMA = objectSchema({ id: S.string, tenant_id: S.string, url: S.string, enabled: S.bool });
