import { ErrorClass, ErrorInfo } from '@switchyard/contracts';
import type { QuotaBook } from '@switchyard/budgets';
import type { EmbeddingsPlanner, PlanResult, Planner } from '@switchyard/routing';
import { Counter, Registry } from 'prom-client';

/**
 * The pre-routing quota check: applies the enforcer's decision for the
 * request's tenant, feature, plan and key before a deployment is chosen.
 * BLOCK refuses (429 insufficient_quota, with the reason), THROTTLE refuses
 * beyond this replica's share of the rate (429 with retry-after), DOWNGRADE
 * plans the cheaper model or alias instead (x-switchyard-policy: budget-downgrade).
 */
export class QuotaGate {
  private readonly outcomes: Counter<'verdict'>;

  constructor(
    private readonly book: QuotaBook,
    metrics: Registry,
  ) {
    this.outcomes = new Counter({ name: 'switchyard_router_quota_verdicts_total', help: 'Requests refused, throttled or downgraded by budget decisions.', labelNames: ['verdict'], registers: [metrics] });
  }

  chat(plan: Planner): Planner {
    return (request, context) => this.gate(context, (model) => plan(model === undefined ? request : { ...request, model }, context));
  }

  embeddings(plan: EmbeddingsPlanner): EmbeddingsPlanner {
    return (model, context) => this.gate(context, (downgraded) => plan(downgraded ?? model, context));
  }

  private gate(context: Parameters<Planner>[1], plan: (downgradeTo?: string) => PlanResult): PlanResult {
    const verdict = this.book.verdict(context, Date.now());
    switch (verdict.kind) {
      case 'allow':
        return plan();
      case 'block':
        this.outcomes.inc({ verdict: 'block' });
        return refuse(ErrorClass.ERROR_CLASS_QUOTA_EXCEEDED, verdict.decision.reason, 0);
      case 'throttled':
        this.outcomes.inc({ verdict: 'throttle' });
        return refuse(ErrorClass.ERROR_CLASS_RATE_LIMITED, `Budget '${verdict.decision.budgetId}' throttles this scope to ${verdict.decision.throttleRpm} requests per minute: ${verdict.decision.reason}`, verdict.retryAfterMs);
      case 'downgrade': {
        this.outcomes.inc({ verdict: 'downgrade' });
        const planned = plan(verdict.to);
        return planned.ok ? { ok: true, plan: { ...planned.plan, policy: 'budget-downgrade' } } : planned;
      }
    }
  }
}

function refuse(errorClass: ErrorClass, message: string, retryAfterMs: number): PlanResult {
  return { ok: false, error: ErrorInfo.fromPartial({ errorClass, message, retryAfterMs }) };
}
