import CircuitBreaker from 'opossum';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerSettings {
  /** Attempts in the rolling window before the breaker may open. */
  readonly minRequests: number;
  /** Opens when the failed share of the window exceeds this percentage. */
  readonly errorPercent: number;
  /** Rolling window the failures are counted over. */
  readonly windowMs: number;
  /** How long an open breaker skips its deployment before letting one probe through. */
  readonly resetMs: number;
}

/** What an attempt run through a breaker came back with. */
export type Guarded<T> = { readonly ran: true; readonly value: T } | { readonly ran: false };

/** Thrown inside the breaker so opossum counts the attempt as a failure; carries the attempt's result out. */
class CountedFailure<T> extends Error {
  constructor(readonly value: T) {
    super('deployment fault');
  }
}

type Action = (run: () => Promise<unknown>) => Promise<unknown>;

/**
 * One opossum circuit breaker per deployment. Open: the deployment is skipped.
 * After `resetMs` it is half-open: one probe goes through; success closes it,
 * failure opens it again. Only deployment faults count (5xx, network,
 * timeouts); rate limits and the caller's own input errors do not.
 */
export class DeploymentBreakers {
  private readonly breakers = new Map<string, CircuitBreaker<[() => Promise<unknown>], unknown>>();
  private readonly openedAt = new Map<string, number>();

  constructor(
    private readonly settings: BreakerSettings,
    private readonly now: () => number = Date.now,
    private readonly onChange: (deploymentId: string, state: BreakerState) => void = () => undefined,
  ) {}

  state(deploymentId: string): BreakerState {
    const breaker = this.breakers.get(deploymentId);
    if (!breaker || breaker.closed) return 'closed';
    return breaker.halfOpen ? 'half-open' : 'open';
  }

  /** Whether an attempt would be let through now (closed, or half-open with its probe slot free). */
  allows(deploymentId: string): boolean {
    const breaker = this.breakers.get(deploymentId);
    return !breaker || breaker.closed || breaker.pendingClose;
  }

  /** Milliseconds until an open breaker lets a probe through (0 when it already would). */
  msUntilProbe(deploymentId: string): number {
    if (this.allows(deploymentId)) return 0;
    const opened = this.openedAt.get(deploymentId) ?? this.now();
    return Math.max(0, opened + this.settings.resetMs - this.now());
  }

  /**
   * Runs `attempt` through the deployment's breaker. `isFault` says whether
   * its result counts as a failure of the deployment. `{ ran: false }` means
   * the breaker was open and the attempt never started.
   */
  async run<T>(deploymentId: string, attempt: () => Promise<T>, isFault: (result: T) => boolean): Promise<Guarded<T>> {
    const breaker = this.breaker(deploymentId);
    try {
      const value = (await breaker.fire(async () => {
        const result = await attempt();
        if (isFault(result)) throw new CountedFailure(result);
        return result;
      })) as T;
      return { ran: true, value };
    } catch (error) {
      if (error instanceof CountedFailure) return { ran: true, value: error.value as T };
      if ((error as { code?: string }).code === 'EOPENBREAKER') return { ran: false };
      throw error;
    }
  }

  /** Drops breakers of deployments that no longer exist. */
  retain(deploymentIds: ReadonlySet<string>): void {
    for (const [id, breaker] of this.breakers) {
      if (deploymentIds.has(id)) continue;
      breaker.shutdown();
      this.breakers.delete(id);
      this.openedAt.delete(id);
    }
  }

  shutdown(): void {
    this.retain(new Set());
  }

  private breaker(deploymentId: string): CircuitBreaker<[() => Promise<unknown>], unknown> {
    let breaker = this.breakers.get(deploymentId);
    if (breaker) return breaker;
    const action: Action = (run) => run();
    breaker = new CircuitBreaker(action, {
      name: deploymentId,
      // Attempts have their own deadlines; the breaker only counts.
      timeout: false,
      volumeThreshold: this.settings.minRequests,
      errorThresholdPercentage: this.settings.errorPercent,
      rollingCountTimeout: this.settings.windowMs,
      rollingCountBuckets: 10,
      resetTimeout: this.settings.resetMs,
      rollingPercentilesEnabled: false,
      enableSnapshots: false,
    });
    breaker.on('open', () => {
      this.openedAt.set(deploymentId, this.now());
      this.onChange(deploymentId, 'open');
    });
    breaker.on('halfOpen', () => this.onChange(deploymentId, 'half-open'));
    breaker.on('close', () => this.onChange(deploymentId, 'closed'));
    this.breakers.set(deploymentId, breaker);
    return breaker;
  }
}
