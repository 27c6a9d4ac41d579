import { errorClassName } from '@switchyard/api-errors';
import type { Deployment, ErrorClass } from '@switchyard/contracts';
import type { PriceResolver } from '@switchyard/pricing';
import type { BreakerState, DeploymentHealth, ShadowOutcome } from '@switchyard/routing';
import { Inject, Injectable } from '@nestjs/common';
import { METRICS } from '@switchyard/platform';
import { Counter, Gauge, Registry } from 'prom-client';

const BREAKER_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

/** Prometheus view of the router's live routing figures, read from DeploymentHealth at scrape time. */
@Injectable()
export class RoutingMetrics {
  private readonly breakerTransitions: Counter<'deployment' | 'state'>;
  private readonly shadowCopies: Counter<'arm' | 'outcome'>;
  private readonly attempts: Counter<'deployment' | 'outcome'>;
  private health: DeploymentHealth | undefined;
  private unpriced: () => string[] = () => [];

  constructor(@Inject(METRICS) registry: Registry) {
    const snapshot = () => this.health?.snapshot() ?? [];
    this.breakerTransitions = new Counter({
      name: 'switchyard_router_breaker_transitions_total',
      help: 'Circuit breaker state changes per deployment.',
      labelNames: ['deployment', 'state'],
      registers: [registry],
    });
    this.shadowCopies = new Counter({
      name: 'switchyard_router_shadow_copies_total',
      help: 'Shadow copies sent or dropped (in-flight cap, open breaker, no rate-limit capacity).',
      labelNames: ['arm', 'outcome'],
      registers: [registry],
    });
    this.attempts = new Counter({
      name: 'switchyard_router_attempts_total',
      help: 'Upstream attempts per deployment by outcome ("ok" or the error class).',
      labelNames: ['deployment', 'outcome'],
      registers: [registry],
    });
    const gauge = (name: string, help: string, read: (s: ReturnType<DeploymentHealth['snapshot']>[number]) => number | undefined): void => {
      new Gauge({
        name,
        help,
        labelNames: ['deployment'],
        registers: [registry],
        collect() {
          this.reset();
          for (const s of snapshot()) {
            const value = read(s);
            if (value !== undefined) this.set({ deployment: s.deploymentId }, value);
          }
        },
      });
    };
    gauge('switchyard_router_deployment_p95_latency_ms', 'Sliding-window p95 latency of successful attempts.', (s) => s.p95LatencyMs);
    gauge(
      'switchyard_router_deployment_error_rate',
      "Sliding-window share of attempts that failed by the deployment's fault.",
      (s) => s.errorRate,
    );
    gauge('switchyard_router_deployment_breaker_state', 'Circuit breaker: 0 closed, 1 half-open, 2 open.', (s) => BREAKER_VALUE[s.breaker]);
    gauge('switchyard_router_deployment_queue_depth', 'Requests waiting for rate-limit capacity.', (s) => s.queued);
    const unpriced = () => this.unpriced();
    new Gauge({
      name: 'switchyard_router_unpriced_deployments',
      help: 'Deployments (1 each) with no price of their own and none in the price table: billed at 0, left out of cost-ranked policies.',
      labelNames: ['deployment'],
      registers: [registry],
      collect() {
        this.reset();
        for (const id of unpriced()) this.set({ deployment: id }, 1);
      },
    });
    gauge(
      'switchyard_router_deployment_paused_ms',
      'Time left in a pause the provider asked for (429, rate-limit headers).',
      (s) => s.pausedForMs,
    );
  }

  /** Deployments the price resolver has no price for are reported as unpriced. */
  watchPrices(deployments: ReadonlyMap<string, Deployment>, prices: PriceResolver): void {
    this.unpriced = () => [...deployments.values()].filter((d) => !prices.isPriced(d)).map((d) => d.id);
  }

  /** The figures the gauges report from now on. */
  watch(health: DeploymentHealth): void {
    this.health = health;
  }

  attempt(deploymentId: string, errorClass: ErrorClass | undefined): void {
    this.attempts.inc({ deployment: deploymentId, outcome: errorClass === undefined ? 'ok' : errorClassName(errorClass) });
  }

  breakerChanged(deploymentId: string, state: BreakerState): void {
    this.breakerTransitions.inc({ deployment: deploymentId, state });
  }

  shadow(arm: string, outcome: ShadowOutcome): void {
    this.shadowCopies.inc({ arm, outcome });
  }
}
