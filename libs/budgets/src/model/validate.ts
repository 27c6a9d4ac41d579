import { BudgetMetric, BudgetWindow, DecisionAction, ScopeKind } from '@switchyard/contracts';
import type { AlertWebhook, Budget } from '@switchyard/contracts';

export interface Problem {
  /** The field at fault, as the admin API names it (snake_case). */
  readonly field: string;
  readonly message: string;
}

const ID = /^[A-Za-z0-9._:-]{1,64}$/;
const MAX_LIMIT = Number.MAX_SAFE_INTEGER;

/**
 * Everything wrong with a budget, for the admin API (400 with these
 * problems) and for the seeder; empty when the budget may be written.
 * `webhookExists` tells whether alert_webhook_id names a webhook of the tenant.
 */
export function validateBudget(budget: Budget, webhookExists: (id: string) => boolean = () => true): Problem[] {
  const problems: Problem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  if (!ID.test(budget.id)) add('id', 'must be 1-64 characters of letters, digits and ._:-');
  if (budget.tenantId !== '' && !ID.test(budget.tenantId)) add('tenant_id', 'must be 1-64 characters of letters, digits and ._:-');
  switch (budget.scope) {
    case ScopeKind.SCOPE_KIND_TENANT:
      if (!budget.tenantId) add('tenant_id', 'is required for a tenant budget');
      break;
    case ScopeKind.SCOPE_KIND_FEATURE:
      if (!budget.tenantId) add('tenant_id', 'is required for a feature budget');
      if (!ID.test(budget.feature)) add('feature', 'is required for a feature budget (1-64 characters of letters, digits and ._:-)');
      break;
    case ScopeKind.SCOPE_KIND_PLAN:
      if (!ID.test(budget.planId)) add('plan_id', 'is required for a plan budget');
      break;
    case ScopeKind.SCOPE_KIND_API_KEY:
      if (!budget.tenantId) add('tenant_id', 'is required for an API key budget');
      if (!ID.test(budget.apiKeyId)) add('api_key_id', 'is required for an API key budget');
      break;
    default:
      add('scope', 'must be tenant, feature, plan or api_key');
  }
  const money = budget.metric === BudgetMetric.BUDGET_METRIC_COST_MICRO_USD;
  const rate = budget.metric === BudgetMetric.BUDGET_METRIC_REQUESTS || budget.metric === BudgetMetric.BUDGET_METRIC_TOKENS;
  if (!money && !rate) add('metric', 'must be cost_micro_usd, requests or tokens');
  const longWindow = budget.window === BudgetWindow.BUDGET_WINDOW_DAY || budget.window === BudgetWindow.BUDGET_WINDOW_MONTH;
  if (money && !longWindow) add('window', 'a money budget counts per day or per month');
  if (rate && budget.window !== BudgetWindow.BUDGET_WINDOW_MINUTE) add('window', 'request and token quotas count per minute');
  if (!Number.isSafeInteger(budget.limit) || budget.limit <= 0 || budget.limit > MAX_LIMIT) add('limit', 'must be a positive integer');
  switch (budget.action) {
    case DecisionAction.DECISION_ACTION_BLOCK:
    case DecisionAction.DECISION_ACTION_ALLOW:
      break;
    case DecisionAction.DECISION_ACTION_DOWNGRADE:
      if (!budget.downgradeTo) add('downgrade_to', 'is required when the action is downgrade (the cheaper model or alias)');
      break;
    case DecisionAction.DECISION_ACTION_THROTTLE:
      if (!Number.isInteger(budget.throttleRpm) || budget.throttleRpm <= 0)
        add('throttle_rpm', 'must be a positive number of requests per minute when the action is throttle');
      break;
    default:
      add('action', 'must be block, downgrade, throttle or allow (alerts only)');
  }
  const thresholds = budget.alertThresholdsPercent;
  if (thresholds.some((t) => !Number.isInteger(t) || t < 1 || t > 1000))
    add('alert_thresholds_percent', 'each threshold is a whole percent between 1 and 1000');
  if (new Set(thresholds).size !== thresholds.length) add('alert_thresholds_percent', 'thresholds must not repeat');
  if (thresholds.length > 0 && !budget.alertWebhookId) add('alert_webhook_id', 'is required when alert thresholds are set');
  if (budget.alertWebhookId && !webhookExists(budget.alertWebhookId))
    add('alert_webhook_id', `no alert webhook '${budget.alertWebhookId}' exists for this tenant`);
  if (!Number.isInteger(budget.assumedOutputTokens) || budget.assumedOutputTokens < 0 || budget.assumedOutputTokens > 1_000_000) {
    add('assumed_output_tokens', 'must be between 0 (default 1024) and 1000000');
  }
  return problems;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A webhook must be https (plain http only to loopback, for local development) and carry a real secret. */
export function validateAlertWebhook(webhook: AlertWebhook, secretPlaintext?: string): Problem[] {
  const problems: Problem[] = [];
  if (!ID.test(webhook.id)) problems.push({ field: 'id', message: 'must be 1-64 characters of letters, digits and ._:-' });
  if (!ID.test(webhook.tenantId)) problems.push({ field: 'tenant_id', message: 'is required' });
  let url: URL | undefined;
  try {
    url = new URL(webhook.url);
  } catch {
    problems.push({ field: 'url', message: 'must be an absolute URL' });
  }
  if (url && url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    problems.push({ field: 'url', message: 'must use https (http is accepted for loopback addresses only)' });
  }
  if (url && (url.username || url.password)) problems.push({ field: 'url', message: 'must not carry credentials' });
  if (secretPlaintext !== undefined && secretPlaintext.length < 16)
    problems.push({ field: 'secret', message: 'must be at least 16 characters' });
  if (secretPlaintext === undefined && !webhook.ciphertextB64) problems.push({ field: 'secret', message: 'is required' });
  return problems;
}
