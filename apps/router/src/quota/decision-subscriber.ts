import type { ClientReadableStream } from '@grpc/grpc-js';
import type { QuotaBook } from '@switchyard/budgets';
import type { BudgetEnforcerClient, QuotaDecisionBatch } from '@switchyard/contracts';
import type { Log, ManagedComponent } from '@switchyard/platform';

/**
 * Keeps this replica subscribed to the budget-enforcer's decision stream and
 * applies every batch to the quota book. When the stream breaks it
 * resubscribes (with backoff), telling the enforcer the credit it still holds
 * and the reservations still open; meanwhile the last decisions and grants
 * stay in force.
 */
export class DecisionSubscriber implements ManagedComponent {
  readonly name = 'quota-decisions';
  readonly stopPhase = 'intake' as const;
  private call: ClientReadableStream<QuotaDecisionBatch> | undefined;
  private stopped = false;
  private retryMs = 100;
  private expiryTimer: NodeJS.Timeout | undefined;
  private firstSnapshot: (() => void) | undefined;

  constructor(
    private readonly client: BudgetEnforcerClient,
    private readonly book: QuotaBook,
    readonly subscriberId: string,
    private readonly options: { snapshotWaitMs: number; reservationTtlMs: number },
    private readonly log: Log,
  ) {}

  async start(): Promise<void> {
    const first = new Promise<void>((resolve) => (this.firstSnapshot = resolve));
    this.connect();
    this.expiryTimer = setInterval(() => {
      const expired = this.book.expire(Date.now(), this.options.reservationTtlMs);
      if (expired > 0) this.log.warn({ expired }, 'dropped budget reservations whose usage never settled');
    }, 5_000);
    this.expiryTimer.unref();
    // Serve without decisions rather than not at all, but give the enforcer a moment first.
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, this.options.snapshotWaitMs).unref());
    await Promise.race([first, timeout]);
    if (!this.book.hasSnapshot) this.log.warn('no quota snapshot yet; serving without budget decisions until the budget-enforcer answers');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.expiryTimer) clearInterval(this.expiryTimer);
    this.call?.cancel();
    this.client.close();
  }

  private connect(): void {
    if (this.stopped) return;
    const call = this.client.streamDecisions({
      subscriberId: this.subscriberId,
      heldGrants: this.book.heldGrants(),
      openReservations: this.book.openReservations(),
    });
    this.call = call;
    let ended = false;
    const retry = (reason: unknown) => {
      if (ended) return;
      ended = true;
      if (this.stopped) return;
      this.log.warn({ err: reason, retryMs: this.retryMs }, 'quota decision stream broke; resubscribing');
      setTimeout(() => this.connect(), this.retryMs).unref();
      this.retryMs = Math.min(this.retryMs * 2, 2_000);
    };
    call.on('data', (batch: QuotaDecisionBatch) => {
      this.book.apply(batch);
      if (batch.snapshot) {
        this.retryMs = 100;
        this.firstSnapshot?.();
        this.log.info(
          { decisions: batch.decisions.length, grants: batch.grants.length, replicas: batch.replicaCount },
          'quota snapshot applied',
        );
      }
    });
    call.on('error', retry);
    call.on('end', () => retry(new Error('stream ended')));
  }
}
