import { AttemptInfo, checkedInvocation, InvokeRequest } from '@switchyard/contracts';
import type { ChatRequest, Deployment, ErrorClass, RequestContext } from '@switchyard/contracts';
import { randomUUID } from 'node:crypto';
import type { DeploymentHealth } from '../health/deployment-health';
import type { RoutePlan, ShadowTarget } from '../planning/route-plan';
import type { AttemptPort } from './attempt-port';
import { deploymentTarget } from './deployment-target';
import { isDeploymentFault } from './failover';

export interface ShadowSettings {
  /** Shadow calls in flight at once; copies beyond are dropped, never queued. */
  readonly maxInFlight: number;
  /** Deadline of one shadow call (independent of the caller's). */
  readonly timeoutMs: number;
}

export type ShadowOutcome = 'sent' | 'dropped';

/**
 * Sends copies of requests to shadow arms, fire-and-forget, after the
 * caller's own attempt is on its way. Provider-adapters records each copy's
 * usage event (shadow=true, with the answer text); nothing here ever reaches
 * the caller, and a busy or broken shadow deployment only drops copies.
 */
export class ShadowDispatcher {
  private inFlight = 0;

  constructor(
    private readonly port: AttemptPort,
    private readonly health: DeploymentHealth,
    private readonly settings: ShadowSettings,
    private readonly onOutcome: (arm: string, outcome: ShadowOutcome) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  get pending(): number {
    return this.inFlight;
  }

  dispatch(plan: RoutePlan, context: RequestContext, request: ChatRequest, tokens: number): void {
    for (const shadow of plan.shadows) {
      const admitted =
        this.inFlight < this.settings.maxInFlight &&
        this.health.breakers.allows(shadow.deployment.id) &&
        this.health.throttle(shadow.deployment).tryTake({ tokens });
      if (!admitted) {
        this.onOutcome(shadow.arm, 'dropped');
        continue;
      }
      this.inFlight += 1;
      this.onOutcome(shadow.arm, 'sent');
      setImmediate(() => {
        void this.send(shadow, plan, context, request).finally(() => {
          this.inFlight -= 1;
        });
      });
    }
  }

  private async send(shadow: ShadowTarget, plan: RoutePlan, context: RequestContext, request: ChatRequest): Promise<void> {
    const invocation = checkedInvocation(
      InvokeRequest.fromPartial({
        context: { ...context, deadlineAtMs: this.now() + this.settings.timeoutMs },
        target: deploymentTarget(shadow.deployment),
        request: { ...request, stream: false, includeUsage: false },
        attempt: AttemptInfo.fromPartial({
          attemptId: randomUUID(),
          number: 1,
          arm: shadow.arm,
          shadow: true,
          policy: plan.policy,
          alias: plan.alias,
          requestedModel: request.model,
        }),
      }),
    );
    const started = this.now();
    try {
      const response = await this.port.invoke(invocation);
      this.learn(
        shadow.deployment,
        response.outcome?.$case === 'error' ? response.outcome.error.errorClass : undefined,
        this.now() - started,
      );
    } catch {
      // provider-adapters unreachable: the copy is lost, which a shadow may be.
    }
  }

  private learn(deployment: Deployment, errorClass: ErrorClass | undefined, latencyMs: number): void {
    if (errorClass === undefined) this.health.observe(deployment.id, latencyMs, true);
    else if (isDeploymentFault(errorClass)) this.health.observe(deployment.id, latencyMs, false);
  }
}
