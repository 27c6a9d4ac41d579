/** An absolute deadline as an AbortSignal, also tripped when the caller goes away. */
export class Deadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private timedOut = false;

  constructor(
    private readonly atMs: number,
    callerSignal?: AbortSignal,
  ) {
    this.timer = setTimeout(
      () => {
        this.timedOut = true;
        this.controller.abort(new Error('deadline exceeded'));
      },
      Math.max(1, atMs - Date.now()),
    );
    callerSignal?.addEventListener('abort', () => this.controller.abort(callerSignal.reason), { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  remainingMs(): number {
    return Math.max(1, this.atMs - Date.now());
  }

  expired(): boolean {
    return this.timedOut;
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}
