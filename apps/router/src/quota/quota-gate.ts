import { ErrorClass, ErrorInfo } from '@switchyard/contracts';
import type { QuotaBook } from '@switchyard/budgets';
import type { GateSubject, GateVerdict, RequestGate } from '@switchyard/routing';
import { Counter, Registry } from 'prom-client';

const PROCEED: GateVerdict = { action: 'proceed' };

/**
 * The pre-routing quota check: applies the enforcer's decision for the
 * request's tenant, feature, plan and key before a deployment is chosen.
 * BLOCK refuses (429 insufficient_quota, with the reason), THROTTLE refuses
 * beyond this replica's share of the rate (429 with retry-after), DOWNGRADE
 * routes to the cheaper model or alias instead (x-switchyard-policy: budget-downgrade).
 */
export class QuotaGate implements RequestGate {
  private readonly outcomes: Counter<'verdict'>;

  constructor(
    private readonly book: QuotaBook,
    metrics: Registry,
  ) {
    this.outcomes = new Counter({
      name: 'switchyard_router_quota_verdicts_total',
      help: 'Requests refused, throttled or downgraded by budget decisions.',
      labelNames: ['verdict'],
      registers: [metrics],
    });
  }

  admit(subject: GateSubject): GateVerdict {
    const verdict = this.book.verdict(subject.context, Date.now());
    switch (verdict.kind) {
      case 'allow':
        return PROCEED;
      case 'block':
        this.outcomes.inc({ verdict: 'block' });
        return refuse(ErrorClass.ERROR_CLASS_QUOTA_EXCEEDED, verdict.decision.reason, 0);
      case 'throttled':
        this.outcomes.inc({ verdict: 'throttle' });
        return refuse(
          ErrorClass.ERROR_CLASS_RATE_LIMITED,
          `Budget '${verdict.decision.budgetId}' throttles this scope to ${verdict.decision.throttleRpm} requests per minute: ${verdict.decision.reason}`,
          verdict.retryAfterMs,
        );
      case 'downgrade':
        this.outcomes.inc({ verdict: 'downgrade' });
        return { action: 'reroute', name: verdict.to, policy: 'budget-downgrade' };
    }
  }
}

function refuse(errorClass: ErrorClass, message: string, retryAfterMs: number): GateVerdict {
  return { action: 'refuse', error: ErrorInfo.fromPartial({ errorClass, message, retryAfterMs }) };
}
