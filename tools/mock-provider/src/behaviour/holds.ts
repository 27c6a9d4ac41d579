/** Parks streams until a test calls POST /_mock/release/<token>. */
export class HoldRegistry {
  private waiters = new Map<string, Set<() => void>>();
  private preReleased = new Set<string>();

  constructor(private readonly maxHoldMs = 5 * 60_000) {}

  wait(token: string, signal: AbortSignal): Promise<void> {
    if (this.preReleased.delete(token)) return Promise.resolve();
    return new Promise((resolve) => {
      const set = this.waiters.get(token) ?? new Set();
      this.waiters.set(token, set);
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        set.delete(done);
        if (set.size === 0) this.waiters.delete(token);
        resolve();
      };
      const timer = setTimeout(done, this.maxHoldMs);
      signal.addEventListener('abort', done, { once: true });
      set.add(done);
    });
  }

  /** Returns how many held streams were let go; a release with none waiting is remembered once. */
  release(token: string): number {
    const set = this.waiters.get(token);
    if (!set || set.size === 0) {
      this.preReleased.add(token);
      return 0;
    }
    const count = set.size;
    for (const done of [...set]) done();
    return count;
  }

  waiting(token: string): number {
    return this.waiters.get(token)?.size ?? 0;
  }

  releaseAll(): void {
    for (const token of [...this.waiters.keys()]) this.release(token);
    this.preReleased.clear();
  }
}
