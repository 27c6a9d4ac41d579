import { AlertWebhook, BudgetMetric, BudgetWindow, DecisionAction, ScopeKind } from '@switchyard/contracts';
import { budget } from '../testing/fixtures';
import { validateAlertWebhook, validateBudget } from './validate';

const fields = (problems: { field: string }[]) => problems.map((p) => p.field);

describe('validateBudget', () => {
  it('accepts a complete tenant budget', () => {
    expect(validateBudget(budget())).toEqual([]);
  });

  it('requires the fields of each scope', () => {
    expect(fields(validateBudget(budget({ scope: ScopeKind.SCOPE_KIND_FEATURE, feature: '' })))).toEqual(['feature']);
    expect(fields(validateBudget(budget({ scope: ScopeKind.SCOPE_KIND_API_KEY, apiKeyId: '' })))).toEqual(['api_key_id']);
    expect(fields(validateBudget(budget({ scope: ScopeKind.SCOPE_KIND_PLAN, planId: '', tenantId: '' })))).toEqual(['plan_id']);
    expect(validateBudget(budget({ scope: ScopeKind.SCOPE_KIND_PLAN, planId: 'free', tenantId: '' }))).toEqual([]);
    expect(fields(validateBudget(budget({ scope: ScopeKind.SCOPE_KIND_TENANT, tenantId: '' })))).toEqual(['tenant_id']);
    expect(fields(validateBudget(budget({ scope: ScopeKind.SCOPE_KIND_UNSPECIFIED })))).toEqual(['scope']);
  });

  it('pairs money with day/month and rates with minute windows', () => {
    expect(fields(validateBudget(budget({ window: BudgetWindow.BUDGET_WINDOW_MINUTE })))).toEqual(['window']);
    expect(fields(validateBudget(budget({ metric: BudgetMetric.BUDGET_METRIC_REQUESTS, window: BudgetWindow.BUDGET_WINDOW_DAY })))).toEqual(
      ['window'],
    );
    expect(validateBudget(budget({ metric: BudgetMetric.BUDGET_METRIC_TOKENS, window: BudgetWindow.BUDGET_WINDOW_MINUTE }))).toEqual([]);
  });

  it('checks the action and its parameters', () => {
    expect(fields(validateBudget(budget({ action: DecisionAction.DECISION_ACTION_DOWNGRADE })))).toEqual(['downgrade_to']);
    expect(validateBudget(budget({ action: DecisionAction.DECISION_ACTION_DOWNGRADE, downgradeTo: 'gpt-4o-mini' }))).toEqual([]);
    expect(fields(validateBudget(budget({ action: DecisionAction.DECISION_ACTION_THROTTLE, throttleRpm: 0 })))).toEqual(['throttle_rpm']);
    expect(fields(validateBudget(budget({ action: DecisionAction.DECISION_ACTION_UNSPECIFIED })))).toEqual(['action']);
  });

  it('checks limits, thresholds and the webhook', () => {
    expect(fields(validateBudget(budget({ limit: 0 })))).toEqual(['limit']);
    expect(fields(validateBudget(budget({ alertThresholdsPercent: [50, 50] })))).toEqual(['alert_thresholds_percent']);
    expect(fields(validateBudget(budget({ alertThresholdsPercent: [0] })))).toEqual(['alert_thresholds_percent']);
    expect(fields(validateBudget(budget({ alertWebhookId: '' })))).toEqual(['alert_webhook_id']);
    expect(fields(validateBudget(budget(), () => false))).toEqual(['alert_webhook_id']);
    expect(validateBudget(budget({ alertThresholdsPercent: [], alertWebhookId: '' }))).toEqual([]);
  });

  it('rejects ids that could not be keys', () => {
    expect(fields(validateBudget(budget({ id: 'a b' })))).toEqual(['id']);
  });
});

describe('validateAlertWebhook', () => {
  const hook = (fields: Partial<AlertWebhook>) =>
    AlertWebhook.fromPartial({ id: 'wh1', tenantId: 't1', url: 'https://hooks.example.com/x', ...fields });

  it('wants https, except on loopback', () => {
    expect(validateAlertWebhook(hook({}), 'a-long-enough-secret')).toEqual([]);
    expect(fields(validateAlertWebhook(hook({ url: 'http://hooks.example.com/x' }), 'a-long-enough-secret'))).toEqual(['url']);
    expect(validateAlertWebhook(hook({ url: 'http://127.0.0.1:9999/x' }), 'a-long-enough-secret')).toEqual([]);
    expect(fields(validateAlertWebhook(hook({ url: 'not a url' }), 'a-long-enough-secret'))).toEqual(['url']);
    expect(fields(validateAlertWebhook(hook({ url: 'https://u:p@example.com/' }), 'a-long-enough-secret'))).toEqual(['url']);
  });

  it('wants a real secret', () => {
    expect(fields(validateAlertWebhook(hook({}), 'short'))).toEqual(['secret']);
    expect(fields(validateAlertWebhook(hook({})))).toEqual(['secret']);
  });
});
