import { QuotaDecisionBatch } from '@switchyard/contracts';
import { overspendBoundMicroUsd } from '../model/overspend-bound';
import { QuotaBook } from '../router/quota-book';
import { budget, NOW, source, usage } from '../testing/fixtures';
import { BudgetEngine } from './budget-engine';

/** A small deterministic PRNG so a failing seed can be replayed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Flight {
  id: string;
  router: number;
  estimate: number;
  actual: number;
  endsAt: number;
}

/**
 * Replicas admit attempts against their grants while the enforcer settles
 * usage with random lags and pushes batches with random (per-stream ordered)
 * delays. Whatever the interleaving, spend stays within the documented bound.
 */
function simulate(seed: number, replicas: number, limit: number): { spent: number; maxEstimate: number; crossed: boolean } {
  const random = prng(seed);
  const engine = new BudgetEngine(source([budget({ limit, alertThresholdsPercent: [100] })]), {
    holderGraceMs: 60_000,
    dedupeCapacity: 100_000,
  });
  const books = Array.from({ length: replicas }, () => new QuotaBook());
  const inbox: { at: number; batch: QuotaDecisionBatch }[][] = books.map(() => []);
  const deliver = (r: number, at: number, batch: QuotaDecisionBatch) => {
    const last = inbox[r]!.at(-1)?.at ?? 0;
    inbox[r]!.push({ at: Math.max(at, last), batch });
  };
  books.forEach((book, r) => book.apply(engine.subscribe(`r${r}`, [], [], NOW)));
  const flights: Flight[] = [];
  const usageQueue: { at: number; flight: Flight }[] = [];
  let spent = 0;
  let maxEstimate = 0;
  let crossed = false;
  let seq = 0;
  for (let t = 0; t < 4_000; t++) {
    for (let r = 0; r < replicas; r++) {
      while (inbox[r]!.length > 0 && inbox[r]![0]!.at <= t) books[r]!.apply(inbox[r]!.shift()!.batch);
      for (let slot = flights.filter((f) => f.router === r).length; slot < 6; slot++) {
        const book = books[r]!;
        if (book.verdict({ tenantId: 't1', feature: '', planId: 'pro', apiKeyId: 'k1' }, NOW).kind === 'block') break;
        const estimate = 200 + Math.floor(random() * 800);
        const id = `a${++seq}`;
        if (!book.reserve(id, { tenantId: 't1', feature: '', planId: 'pro', apiKeyId: 'k1' }, estimate, NOW).ok) break;
        maxEstimate = Math.max(maxEstimate, estimate);
        flights.push({
          id,
          router: r,
          estimate,
          actual: Math.floor(estimate * (0.3 + 0.7 * random())),
          endsAt: t + 2 + Math.floor(random() * 40),
        });
      }
    }
    for (const f of flights.filter((x) => x.endsAt === t)) {
      flights.splice(flights.indexOf(f), 1);
      books[f.router]!.finish(f.id, NOW);
      spent += f.actual;
      usageQueue.push({ at: t + 1 + Math.floor(random() * 30), flight: f });
    }
    usageQueue.sort((a, b) => a.at - b.at);
    while (usageQueue.length > 0 && usageQueue[0]!.at <= t) {
      const { flight } = usageQueue.shift()!;
      engine.record(usage({ atMs: NOW, holder: `r${flight.router}`, attemptId: flight.id }), flight.actual, NOW);
    }
    const changes = engine.drain(NOW);
    if (changes.crossings.length > 0) crossed = true;
    for (let r = 0; r < replicas; r++) {
      const mine = changes.holders.get(`r${r}`);
      if (!mine && changes.decisions.length === 0) continue;
      deliver(
        r,
        t + 1 + Math.floor(random() * 10),
        QuotaDecisionBatch.fromPartial({
          decisions: changes.decisions,
          grants: mine?.grants ?? [],
          settledAttemptIds: mine?.settledAttemptIds ?? [],
          replicaCount: replicas,
        }),
      );
    }
  }
  return { spent, maxEstimate, crossed };
}

describe('overspend bound under random interleavings', () => {
  it.each([
    [1, 2, 50_000],
    [2, 2, 120_000],
    [3, 3, 80_000],
    [4, 5, 200_000],
    [5, 1, 30_000],
  ])('seed %i, %i replicas, limit %i', (seed, replicas, limit) => {
    const { spent, maxEstimate, crossed } = simulate(seed, replicas, limit);
    expect(crossed).toBe(true);
    expect(spent).toBeGreaterThanOrEqual(limit);
    expect(spent - limit).toBeLessThanOrEqual(
      overspendBoundMicroUsd({ replicasWithCredit: replicas, largestReservationMicroUsd: maxEstimate }),
    );
  });
});
