export type ReadinessCheck = () => boolean;

export interface ReadinessReport {
  ready: boolean;
  draining: boolean;
  checks: Record<string, boolean>;
}

/**
 * What /readyz answers. Components register cheap, synchronous checks that read
 * state they already keep (a connected flag, a channel state): a probe never
 * does network I/O itself.
 */
export class Readiness {
  private readonly checks = new Map<string, ReadinessCheck>();
  private draining = false;

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
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
    return { ready, draining: this.draining, checks };
  }
}
