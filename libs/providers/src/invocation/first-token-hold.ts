import type { ChatStreamEvent } from '@switchyard/contracts';

/**
 * Holds a stream's opening events that carry no token yet (the role-only
 * delta most providers send first), so that an error the provider reports
 * before its first token is the first event the router sees: the attempt then
 * fails over like any other failed attempt, instead of reaching the caller
 * as a broken stream.
 */
export class FirstTokenHold {
  private held: ChatStreamEvent[] | undefined = [];

  /** The events to pass on now; `ended` releases whatever is still held. */
  pass(events: readonly ChatStreamEvent[], ended = false): ChatStreamEvent[] {
    if (this.held === undefined) return [...events];
    const out: ChatStreamEvent[] = [];
    for (const event of events) {
      if (this.held === undefined) out.push(event);
      else if (carriesNoToken(event)) this.held.push(event);
      else {
        // An error before the first token replaces the opening: nothing of this attempt reached the caller.
        out.push(...(event.event?.$case === 'error' ? [] : this.held), event);
        this.held = undefined;
      }
    }
    if (ended && this.held !== undefined) {
      out.push(...this.held);
      this.held = undefined;
    }
    return out;
  }
}

function carriesNoToken(event: ChatStreamEvent): boolean {
  const inner = event.event;
  return inner?.$case === 'delta' && !inner.delta.content && !inner.delta.refusal && inner.delta.toolCalls.length === 0;
}
