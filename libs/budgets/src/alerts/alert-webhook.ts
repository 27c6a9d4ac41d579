import { ScopeKind } from '@switchyard/contracts';
import type { QuotaScope } from '@switchyard/contracts';
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The JSON body of a budget alert webhook. */
export interface AlertPayload {
  readonly id: string;
  readonly type: 'budget.threshold_crossed';
  readonly budget_id: string;
  readonly tenant_id: string;
  readonly scope: { kind: string; feature: string; plan_id: string; api_key_id: string };
  readonly window: string;
  readonly metric: string;
  readonly threshold_percent: number;
  readonly used: number;
  readonly limit: number;
  /** When the usage that crossed the threshold happened (epoch ms). */
  readonly crossed_at_ms: number;
  /** The action the budget takes at 100%: block, downgrade, throttle or allow. */
  readonly action: string;
}

export const SIGNATURE_HEADER = 'x-switchyard-signature';
export const TIMESTAMP_HEADER = 'x-switchyard-timestamp';
export const ALERT_ID_HEADER = 'x-switchyard-alert-id';

export function scopeKindName(kind: ScopeKind): string {
  return kind.replace(/^SCOPE_KIND_/, '').toLowerCase();
}

export function alertScope(scope: QuotaScope): AlertPayload['scope'] {
  return { kind: scopeKindName(scope.kind), feature: scope.feature, plan_id: scope.planId, api_key_id: scope.apiKeyId };
}

/**
 * HMAC-SHA256 over "<timestamp>.<body>" with the webhook's secret, hex, as
 * "v1=<hex>". Binding the timestamp lets receivers reject replays.
 */
export function signAlert(secret: string, timestampMs: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestampMs}.${body}`, 'utf8').digest('hex')}`;
}

/** What a receiver does: recompute and compare in constant time; refuse stale timestamps. */
export function verifyAlertSignature(
  secret: string,
  timestampHeader: string,
  body: string,
  signatureHeader: string,
  nowMs: number,
  toleranceMs = 5 * 60_000,
): boolean {
  const timestamp = Number(timestampHeader);
  if (!Number.isSafeInteger(timestamp) || Math.abs(nowMs - timestamp) > toleranceMs) return false;
  const expected = Buffer.from(signAlert(secret, timestamp, body));
  const presented = Buffer.from(signatureHeader);
  return expected.length === presented.length && timingSafeEqual(expected, presented);
}

export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/** Exponential backoff with full jitter: attempt n waits a random time up to min(max, base * 2^(n-1)). */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(policy.baseDelayMs / 2, Math.floor(random() * ceiling));
}

/** Network errors, timeouts, 408/425/429 and 5xx are worth retrying; other 4xx mean the receiver refuses. */
export function isRetryableStatus(status: number | undefined): boolean {
  if (status === undefined) return true;
  return status === 408 || status === 425 || status === 429 || status >= 500;
}
