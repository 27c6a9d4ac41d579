import { QuotaBook } from '@switchyard/budgets';
import { BudgetEnforcerClient } from '@switchyard/contracts';
import type { ConfigState } from '@switchyard/control-plane';
import { PriceResolver } from '@switchyard/metering-core';
import { createGrpcClient, ManagedComponent, ServiceRuntime } from '@switchyard/platform';
import type { AttemptPort, EmbeddingsPlanner, Planner } from '@switchyard/routing';
import { randomBytes } from 'node:crypto';
import { DecisionSubscriber } from './decision-subscriber';
import { QuotaGate } from './quota-gate';
import { ReservingAttemptPort } from './reserving-attempt-port';

export interface QuotaSettings {
  readonly budgetEnforcerAddress: string;
  readonly quotaSnapshotWaitMs: number;
  readonly quotaReservationTtlMs: number;
}

/** Budget enforcement in the router: what router.module wires around the catalog and the adapters port. */
export interface RouterQuota {
  readonly components: ManagedComponent[];
  gateChat(plan: Planner): Planner;
  gateEmbeddings(plan: EmbeddingsPlanner): EmbeddingsPlanner;
  reservingPort(port: AttemptPort): AttemptPort;
}

export function routerQuota(settings: QuotaSettings, config: ConfigState, runtime: ServiceRuntime): RouterQuota {
  if (!settings.budgetEnforcerAddress) {
    runtime.log.warn('BUDGET_ENFORCER_ADDRESS is empty: budgets and quotas are not enforced');
    return { components: [], gateChat: (p) => p, gateEmbeddings: (p) => p, reservingPort: (p) => p };
  }
  const book = new QuotaBook();
  // Unique per process: reservations of a crashed predecessor must not be mistaken for ours.
  const holderId = `${runtime.instance}.${randomBytes(4).toString('hex')}`;
  const subscriber = new DecisionSubscriber(
    createGrpcClient(BudgetEnforcerClient, settings.budgetEnforcerAddress),
    book,
    holderId,
    { snapshotWaitMs: settings.quotaSnapshotWaitMs, reservationTtlMs: settings.quotaReservationTtlMs },
    runtime.log,
  );
  const gate = new QuotaGate(book, runtime.metrics);
  const prices = new PriceResolver(config);
  return {
    components: [subscriber],
    gateChat: (p) => gate.chat(p),
    gateEmbeddings: (p) => gate.embeddings(p),
    reservingPort: (port) => new ReservingAttemptPort(port, book, holderId, prices, config, runtime.metrics),
  };
}
