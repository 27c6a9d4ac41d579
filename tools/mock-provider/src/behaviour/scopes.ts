import { mergeBehaviour, type BehaviourConfig, type BehaviourPatch } from './config';
import { nthRandom } from './determinism';
import type { Directives } from './directives';

export type Fault =
  | { kind: 'status'; status: number; retryAfterSeconds?: number; cause: 'injected' | 'rate_limit' | 'fail_rate' }
  | { kind: 'context_length'; promptTokens: number; limit: number };

export const DEFAULT_RETRY_AFTER_SECONDS = 1;

/**
 * Behaviour per scope: the server defaults plus one overlay per virtual deployment.
 * Each scope counts its own requests so everyNth/failRate are reproducible per deployment.
 */
export class BehaviourScopes {
  private defaults: BehaviourPatch;
  private deployments = new Map<string, BehaviourPatch>();
  private counters = new Map<string, number>();

  constructor(
    private readonly initialDefaults: BehaviourPatch,
    private readonly initialDeployments: Record<string, BehaviourPatch>,
  ) {
    this.defaults = { ...initialDefaults };
    this.resetDeployments();
  }

  getDefaults(): BehaviourConfig {
    return mergeBehaviour(this.defaults);
  }

  setDefaults(patch: BehaviourPatch): void {
    this.defaults = { ...patch };
    this.counters.clear();
  }

  resetDefaults(): void {
    this.setDefaults(this.initialDefaults);
  }

  getDeployment(name: string): BehaviourPatch | undefined {
    return this.deployments.get(name);
  }

  listDeployments(): Record<string, BehaviourPatch> {
    return Object.fromEntries(this.deployments);
  }

  setDeployment(name: string, patch: BehaviourPatch): void {
    this.deployments.set(name, { ...patch });
    this.counters.delete(scopeKey(name));
  }

  deleteDeployment(name: string): void {
    this.deployments.delete(name);
    const initial = this.initialDeployments[name];
    if (initial) this.deployments.set(name, { ...initial });
    this.counters.delete(scopeKey(name));
  }

  resetDeployments(): void {
    this.deployments = new Map(Object.entries(this.initialDeployments).map(([k, v]) => [k, { ...v }]));
    this.counters.clear();
  }

  effective(deployment: string | null, directives: Directives): BehaviourConfig {
    const overlay = deployment === null ? {} : (this.deployments.get(deployment) ?? {});
    return mergeBehaviour(this.defaults, overlay, directives.behaviour);
  }

  /** Counts the request and decides whether it fails before any reply is produced. */
  decideFault(deployment: string | null, behaviour: BehaviourConfig, directives: Directives): Fault | null {
    const key = scopeKey(deployment);
    const n = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, n);

    if (directives.status !== undefined && directives.status >= 400) {
      const retryAfterSeconds =
        directives.status === 429
          ? (directives.retryAfterSeconds ?? behaviour.rateLimit?.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS)
          : directives.retryAfterSeconds;
      return { kind: 'status', status: directives.status, retryAfterSeconds, cause: 'injected' };
    }
    const limit = behaviour.rateLimit;
    if (limit && (limit.always || (limit.everyNth !== undefined && n % limit.everyNth === 0))) {
      return {
        kind: 'status',
        status: 429,
        retryAfterSeconds: directives.retryAfterSeconds ?? limit.retryAfterSeconds,
        cause: 'rate_limit',
      };
    }
    if (behaviour.failRate > 0 && nthRandom(behaviour.seed, n) < behaviour.failRate) {
      return {
        kind: 'status',
        status: behaviour.failStatus,
        retryAfterSeconds:
          behaviour.failStatus === 429 ? (behaviour.rateLimit?.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS) : undefined,
        cause: 'fail_rate',
      };
    }
    return null;
  }
}

function scopeKey(deployment: string | null): string {
  return deployment === null ? '' : `d:${deployment}`;
}
