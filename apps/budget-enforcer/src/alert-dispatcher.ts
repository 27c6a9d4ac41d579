import { AlertDelivery, BudgetAlertRecord, DecisionAction, QuotaScope } from '@switchyard/contracts';
import type { AlertWebhook } from '@switchyard/contracts';
import {
  ALERT_ID_HEADER,
  AlertPayload,
  alertScope,
  backoffMs,
  isRetryableStatus,
  RetryPolicy,
  signAlert,
  SIGNATURE_HEADER,
  ThresholdCrossing,
  TIMESTAMP_HEADER,
} from '@switchyard/budgets';
import type { ConfigState, CredentialCipher } from '@switchyard/control-plane';
import type { Log } from '@switchyard/platform';
import { Counter, Registry } from 'prom-client';
import type { AlertStore } from './alert-store';

export interface DispatchOptions extends RetryPolicy {
  readonly timeoutMs: number;
}

/**
 * Sends each threshold crossing once as an HMAC-signed webhook: records it
 * PENDING (durably) before the first attempt, retries with exponential
 * backoff, then records DELIVERED or FAILED. A crossing whose alert id is
 * already recorded is not sent again; a PENDING one left by a crash is
 * resumed. Receivers dedupe on x-switchyard-alert-id (delivery is at least once).
 */
export class AlertDispatcher {
  private readonly inFlight = new Set<string>();
  private readonly outcomes: Counter<'outcome'>;
  private stopped = false;

  constructor(
    private readonly store: AlertStore,
    private readonly config: ConfigState,
    private readonly cipher: CredentialCipher,
    private readonly options: DispatchOptions,
    private readonly log: Log,
    metrics: Registry,
  ) {
    this.outcomes = new Counter({
      name: 'switchyard_budget_alerts_total',
      help: 'Budget alert webhook outcomes.',
      labelNames: ['outcome'],
      registers: [metrics],
    });
  }

  dispatch(crossings: readonly ThresholdCrossing[]): void {
    for (const c of crossings) {
      if (this.store.get(c.alertId) || this.inFlight.has(c.alertId)) continue;
      const record = BudgetAlertRecord.fromPartial({
        alertId: c.alertId,
        budgetId: c.budget.id,
        scope: c.scope,
        window: c.window,
        thresholdPercent: c.thresholdPercent,
        used: c.used,
        limit: c.limit,
        crossedAtMs: c.crossedAtMs,
        delivery: AlertDelivery.ALERT_DELIVERY_PENDING,
        webhookId: c.budget.alertWebhookId,
        updatedAtMs: Date.now(),
        metric: c.metric,
      });
      void this.deliver(record, actionName(c.budget.action), true);
    }
  }

  /** Alerts a previous process recorded as pending but never finished. */
  resumePending(): void {
    for (const record of this.store.all()) {
      if (record.delivery !== AlertDelivery.ALERT_DELIVERY_PENDING || this.inFlight.has(record.alertId)) continue;
      const tenantId = record.scope?.tenantId ?? '';
      const budget = this.config.budget(tenantId, record.budgetId) ?? this.config.budget('', record.budgetId);
      void this.deliver(record, actionName(budget?.action ?? DecisionAction.DECISION_ACTION_ALLOW), false);
    }
  }

  stop(): void {
    this.stopped = true;
  }

  private async deliver(record: BudgetAlertRecord, action: string, isNew: boolean): Promise<void> {
    this.inFlight.add(record.alertId);
    try {
      if (isNew) await this.store.put(record);
      // Webhook ids are per tenant: a tenant's budget, or a plan budget counting it, alerts that tenant's own webhook.
      const webhook = this.config.alertWebhook(record.scope?.tenantId ?? '', record.webhookId);
      if (!webhook || !webhook.enabled) {
        await this.finish(record, AlertDelivery.ALERT_DELIVERY_FAILED, record.attempts, `no enabled alert webhook '${record.webhookId}'`);
        return;
      }
      const body = JSON.stringify(payload(record, record.scope?.tenantId || webhook.tenantId, action));
      let attempts = record.attempts;
      let lastError = '';
      while (!this.stopped && attempts < this.options.maxAttempts) {
        attempts += 1;
        const result = await this.post(webhook, record.alertId, body);
        if (result.ok) {
          await this.finish(record, AlertDelivery.ALERT_DELIVERY_DELIVERED, attempts, '');
          return;
        }
        lastError = result.error;
        this.log.warn({ alertId: record.alertId, attempt: attempts, error: lastError }, 'alert webhook attempt failed');
        if (!result.retryable) break;
        await sleep(backoffMs(attempts, this.options));
      }
      if (!this.stopped) await this.finish(record, AlertDelivery.ALERT_DELIVERY_FAILED, attempts, lastError);
    } catch (error) {
      this.log.error(
        { err: error, alertId: record.alertId },
        'could not record alert delivery; it stays pending and resumes after a restart',
      );
    } finally {
      this.inFlight.delete(record.alertId);
    }
  }

  private async post(webhook: AlertWebhook, alertId: string, body: string): Promise<{ ok: boolean; retryable: boolean; error: string }> {
    const secret = this.cipher.open(webhook, `alert_webhook/${webhook.id}`);
    const timestamp = Date.now();
    try {
      const res = await fetch(webhook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [ALERT_ID_HEADER]: alertId,
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: signAlert(secret, timestamp, body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.status >= 200 && res.status < 300) return { ok: true, retryable: false, error: '' };
      return { ok: false, retryable: isRetryableStatus(res.status), error: `HTTP ${res.status}` };
    } catch (error) {
      return { ok: false, retryable: true, error: error instanceof Error ? error.message : String(error) };
    }
  }

  private async finish(record: BudgetAlertRecord, delivery: AlertDelivery, attempts: number, lastError: string): Promise<void> {
    await this.store.put({ ...record, delivery, attempts, lastError, updatedAtMs: Date.now() });
    this.outcomes.inc({ outcome: delivery === AlertDelivery.ALERT_DELIVERY_DELIVERED ? 'delivered' : 'failed' });
    this.log.info({ alertId: record.alertId, delivery, attempts }, 'budget alert finished');
  }
}

function payload(record: BudgetAlertRecord, tenantId: string, action: string): AlertPayload {
  return {
    id: record.alertId,
    type: 'budget.threshold_crossed',
    budget_id: record.budgetId,
    tenant_id: tenantId,
    // A record always names its scope; an empty one reads as the tenant's own.
    scope: alertScope(record.scope ?? QuotaScope.fromPartial({})),
    window: record.window,
    metric: record.metric,
    threshold_percent: record.thresholdPercent,
    used: record.used,
    limit: record.limit,
    crossed_at_ms: record.crossedAtMs,
    action,
  };
}

function actionName(action: DecisionAction): string {
  return action.replace(/^DECISION_ACTION_/, '').toLowerCase();
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref());
}
