import type { Cost, Usage } from '@switchyard/contracts';

/**
 * What a request cost: the sum of its attempts' costs as provider-adapters
 * priced and reported them (the router prices nothing). It travels on the
 * usage of the routed answer, so the request's event carries it.
 */
export class RequestCost {
  private total: Cost | undefined;

  add(cost: Cost | undefined): void {
    if (!cost) return;
    this.total = { microUsd: (this.total?.microUsd ?? 0) + cost.microUsd, nanoUsd: (this.total?.nanoUsd ?? 0) + cost.nanoUsd };
  }

  stamp(usage: Usage | undefined): void {
    if (usage && this.total) usage.cost = { ...this.total };
  }
}

/**
 * A stream's usage event (and the little that may follow it) waits until the
 * stream has ended: the attempt's cost comes after its last chunk, and the
 * usage event goes out with the request's cost on it.
 */
export class UsageHold<Chunk> {
  private readonly held: Chunk[] = [];

  constructor(private readonly usageOf: (chunk: Chunk) => Usage | undefined) {}

  /** True when the chunk is held back (the usage event, or anything after it). */
  hold(chunk: Chunk): boolean {
    if (this.held.length === 0 && !this.usageOf(chunk)) return false;
    this.held.push(chunk);
    return true;
  }

  release(cost: RequestCost): Chunk[] {
    for (const chunk of this.held) cost.stamp(this.usageOf(chunk));
    return this.held.splice(0);
  }
}
