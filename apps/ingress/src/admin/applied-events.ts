import type { ConfigEvent } from '@switchyard/contracts';
import type { ConfigState } from '@switchyard/control-plane';
import type { Log } from '@switchyard/platform';

const REMEMBERED = 1024;

/**
 * Read-your-writes for the admin API: an acknowledged change is answered once
 * this replica's own config state has applied it (normally a few ms), so a
 * caller's next request here already sees it. Bounded: the change is durable
 * either way, so a slow follower only delays the answer, never fails it.
 */
export class AppliedEvents {
  private readonly waiters = new Map<string, () => void>();
  private readonly recent: string[] = [];

  constructor(
    state: ConfigState,
    private readonly timeoutMs: number,
    private readonly log: Log,
  ) {
    state.onChange((event) => {
      const id = event.meta?.eventId;
      if (!id) return;
      this.recent.push(id);
      if (this.recent.length > REMEMBERED) this.recent.shift();
      this.waiters.get(id)?.();
    });
  }

  wait(event: ConfigEvent): Promise<void> {
    const id = event.meta?.eventId ?? '';
    if (this.recent.includes(id)) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.delete(id);
        this.log.warn({ eventId: id, timeoutMs: this.timeoutMs }, 'config change acknowledged but not yet applied here');
        resolve();
      }, this.timeoutMs);
      this.waiters.set(id, () => {
        clearTimeout(timer);
        this.waiters.delete(id);
        resolve();
      });
    });
  }
}
