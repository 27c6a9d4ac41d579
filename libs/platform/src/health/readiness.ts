export type ReadinessCheck = () => boolean;
/** What a check can add to the report besides pass/fail (e.g. how far a log has been applied); JSON values only. */
export type ReadinessDetail = () => Readonly<Record<string, unknown>>;

export interface ReadinessReport {
  ready: boolean;
  draining: boolean;
  checks: Record<string, boolean>;
  /** Present when a check has details, keyed by check name. */
  details?: Record<string, Readonly<Record<string, unknown>>>;
}

/**
 * What /readyz answers. Components register cheap, synchronous checks that read
 * state they already keep (a connected flag, a channel state): a probe never
 * does network I/O itself.
 */
export class Readiness {
  private readonly checks = new Map<string, ReadinessCheck>();
  private readonly details = new Map<string, ReadinessDetail>();
  private draining = false;

  register(name: string, check: ReadinessCheck, detail?: ReadinessDetail): void {
    this.checks.set(name, check);
    if (detail) this.details.set(name, detail);
  }

  markDraining(): void {
    this.draining = true;
  }

  isDraining(): boolean {
    return this.draining;
  }

  report(): ReadinessReport {
    const checks: Record<string, boolean> = {};
    let ready = !this.draining;
    for (const [name, check] of this.checks) {
      let ok = false;
      try {
        ok = check();
      } catch {
        ok = false;
      }
      checks[name] = ok;
      if (!ok) ready = false;
    }
    if (this.details.size === 0) return { ready, draining: this.draining, checks };
    const details: Record<string, Readonly<Record<string, unknown>>> = {};
    for (const [name, detail] of this.details) {
      try {
        details[name] = detail();
      } catch {
        details[name] = {};
      }
    }
    return { ready, draining: this.draining, checks, details };
  }
}
