import type { Deployment } from '@switchyard/contracts';
import { DeploymentThrottle, ThrottleSettings } from '../throttling/deployment-throttle';
import { BreakerSettings, BreakerState, DeploymentBreakers } from './deployment-breakers';
import { OutcomeWindow, WindowFigures, WindowSettings } from './outcome-window';

/** The live figures a policy ranks a deployment by. */
export interface DeploymentFigures extends WindowFigures {
  readonly breaker: BreakerState;
}

export interface HealthSettings {
  readonly window: WindowSettings;
  readonly breaker: BreakerSettings;
  readonly throttle: ThrottleSettings;
}

export interface DeploymentSnapshot extends DeploymentFigures {
  readonly deploymentId: string;
  readonly queued: number;
  readonly pausedForMs: number;
}

/**
 * Everything the router knows about its deployments from its own traffic:
 * outcome windows (p95 latency, error rate), circuit breakers and rate-limit
 * throttles. In memory, per router instance; rebuilt from live traffic.
 */
export class DeploymentHealth {
  readonly breakers: DeploymentBreakers;
  private readonly windows = new Map<string, OutcomeWindow>();
  private readonly throttles = new Map<string, DeploymentThrottle>();

  constructor(
    private readonly settings: HealthSettings,
    private readonly now: () => number = Date.now,
    onBreakerChange?: (deploymentId: string, state: BreakerState) => void,
    /** How many router replicas share each deployment's catalog limits; each takes its part. */
    private readonly routerReplicas: () => number = () => 1,
  ) {
    this.breakers = new DeploymentBreakers(settings.breaker, now, onBreakerChange);
  }

  figures(deploymentId: string): DeploymentFigures {
    const window = this.windows.get(deploymentId);
    const figures = window ? window.figures(this.now()) : { p95LatencyMs: undefined, errorRate: 0, samples: 0 };
    return { ...figures, breaker: this.breakers.state(deploymentId) };
  }

  /** One finished attempt. `ok` false for deployment faults only (not rate limits or the caller's input errors). */
  observe(deploymentId: string, latencyMs: number, ok: boolean): void {
    let window = this.windows.get(deploymentId);
    if (!window) {
      window = new OutcomeWindow(this.settings.window);
      this.windows.set(deploymentId, window);
    }
    window.observe(this.now(), latencyMs, ok);
  }

  throttle(deployment: Deployment): DeploymentThrottle {
    const replicas = Math.max(1, this.routerReplicas());
    const limits = { rpm: replicaShare(deployment.rpmLimit, replicas), tpm: replicaShare(deployment.tpmLimit, replicas) };
    let throttle = this.throttles.get(deployment.id);
    if (!throttle) {
      throttle = new DeploymentThrottle(limits, this.settings.throttle, this.now);
      this.throttles.set(deployment.id, throttle);
    } else {
      throttle.setLimits(limits);
    }
    return throttle;
  }

  /** Forgets deployments that no longer exist. */
  retain(deploymentIds: ReadonlySet<string>): void {
    this.breakers.retain(deploymentIds);
    for (const id of [...this.windows.keys()]) if (!deploymentIds.has(id)) this.windows.delete(id);
    for (const [id, throttle] of [...this.throttles]) {
      if (deploymentIds.has(id)) continue;
      throttle.close();
      this.throttles.delete(id);
    }
  }

  snapshot(): DeploymentSnapshot[] {
    const ids = new Set([...this.windows.keys(), ...this.throttles.keys()]);
    return [...ids].sort().map((id) => {
      const throttle = this.throttles.get(id);
      return { deploymentId: id, ...this.figures(id), queued: throttle?.queued ?? 0, pausedForMs: throttle?.pausedForMs ?? 0 };
    });
  }

  shutdown(): void {
    this.retain(new Set());
  }
}

/** One replica's part of a limit (0: no limit), rounded up so a small limit still admits something everywhere. */
export function replicaShare(limit: number, replicas: number): number {
  return limit > 0 ? Math.ceil(limit / replicas) : 0;
}
