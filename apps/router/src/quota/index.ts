import { QuotaBook } from '@switchyard/budgets';
import { BudgetEnforcerClient } from '@switchyard/contracts';
import type { ConfigState } from '@switchyard/control-plane';
import type { PriceResolver } from '@switchyard/pricing';
import { createGrpcClient, ManagedComponent, ServiceRuntime } from '@switchyard/platform';
import { OPEN_GATE } from '@switchyard/routing';
import type { AttemptPort, RequestGate } from '@switchyard/routing';
import { randomBytes } from 'node:crypto';
import { Gauge } from 'prom-client';
import { DecisionSubscriber } from './decision-subscriber';
import { QuotaGate } from './quota-gate';
import { ReservingAttemptPort } from './reserving-attempt-port';

export interface QuotaSettings {
  readonly budgetEnforcerAddress: string;
  readonly quotaSnapshotWaitMs: number;
  readonly quotaReservationTtlMs: number;
  readonly quotaSettleWaitMs: number;
}

/** Budget enforcement in the router: what router.module wires around the catalog and the adapters port. */
export interface RouterQuota {
  /** The stream of budget decisions from the enforcer; none when budgets are not enforced. */
  readonly decisions: ManagedComponent | undefined;
  /** Consulted by the route executor before planning every request. */
  readonly gate: RequestGate;
  reservingPort(port: AttemptPort): AttemptPort;
  /** Live router replicas as the budget-enforcer counts its subscribers (1 without it). */
  readonly replicas: () => number;
}

export function routerQuota(settings: QuotaSettings, config: ConfigState, prices: PriceResolver, runtime: ServiceRuntime): RouterQuota {
  if (!settings.budgetEnforcerAddress) {
    runtime.log.warn('BUDGET_ENFORCER_ADDRESS is empty: budgets and quotas are not enforced');
    return { decisions: undefined, gate: OPEN_GATE, reservingPort: (p) => p, replicas: () => 1 };
  }
  const book = new QuotaBook();
  // Unique per process: reservations of a crashed predecessor must not be mistaken for ours.
  const holderId = `${runtime.instance}.${randomBytes(4).toString('hex')}`;
  const subscriber = new DecisionSubscriber(
    createGrpcClient(BudgetEnforcerClient, { service: 'budget-enforcer', address: settings.budgetEnforcerAddress }, runtime.identity),
    book,
    holderId,
    { snapshotWaitMs: settings.quotaSnapshotWaitMs, reservationTtlMs: settings.quotaReservationTtlMs },
    runtime.log,
  );
  const gate = new QuotaGate(book, runtime.metrics);
  new Gauge({
    name: 'switchyard_router_replicas',
    help: "Router replicas sharing each deployment's RPM/TPM limits, as the budget-enforcer counts them.",
    registers: [runtime.metrics],
    collect(this: Gauge) {
      this.set(book.replicaCount);
    },
  });
  return {
    decisions: subscriber,
    gate,
    reservingPort: (port) => new ReservingAttemptPort(port, book, holderId, prices, config, runtime.metrics, settings.quotaSettleWaitMs),
    replicas: () => book.replicaCount,
  };
}
