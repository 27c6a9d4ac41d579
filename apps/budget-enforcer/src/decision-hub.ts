import type { ServerWritableStream } from '@grpc/grpc-js';
import { QuotaDecisionBatch } from '@switchyard/contracts';
import type { DecisionSubscription, UsageEvent } from '@switchyard/contracts';
import type { BudgetEngine, ThresholdCrossing } from '@switchyard/budgets';
import type { Log, ManagedComponent } from '@switchyard/platform';
import { recordedCost } from '@switchyard/pricing';
import { Counter, Gauge, Registry } from 'prom-client';

type Subscriber = ServerWritableStream<DecisionSubscription, QuotaDecisionBatch>;

/**
 * Feeds usage into the engine and pushes what changed to every subscribed
 * router: each gets a snapshot when it subscribes (only once the counters are
 * rebuilt, so a router never sees a half-replayed state), then batches of
 * decision changes, its own grant changes and settled reservations.
 */
export class DecisionHub implements ManagedComponent {
  readonly name = 'decision-hub';
  readonly stopPhase = 'intake' as const;
  private readonly subscribers = new Map<string, Subscriber>();
  private ready = false;
  private readonly waiting: (() => void)[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private tickTimer: NodeJS.Timeout | undefined;
  private flushScheduled = false;
  private readonly counted: Counter;
  private readonly pushed: Counter;

  constructor(
    private readonly engine: BudgetEngine,
    private readonly onCrossings: (crossings: ThresholdCrossing[]) => void,
    private readonly flushIntervalMs: number,
    private readonly log: Log,
    metrics: Registry,
  ) {
    this.counted = new Counter({
      name: 'switchyard_budget_usage_events_total',
      help: 'Usage events counted by the budget-enforcer.',
      registers: [metrics],
    });
    this.pushed = new Counter({
      name: 'switchyard_budget_batches_pushed_total',
      help: 'Decision batches pushed to routers.',
      registers: [metrics],
    });
    const subs = this.subscribers;
    new Gauge({
      name: 'switchyard_budget_subscribers',
      help: 'Routers subscribed to decisions.',
      registers: [metrics],
      collect(this: Gauge) {
        this.set(subs.size);
      },
    });
    const decisions = () => engine.currentDecisions().length;
    new Gauge({
      name: 'switchyard_budget_active_decisions',
      help: 'Decisions other than allow in force.',
      registers: [metrics],
      collect(this: Gauge) {
        this.set(decisions());
      },
    });
  }

  /** Counts usage events (replayed or live) and schedules a push. */
  record(events: readonly UsageEvent[]): void {
    const now = Date.now();
    for (const event of events) {
      if (this.engine.record(event, recordedCost(event).microUsd, now)) this.counted.inc();
    }
    this.scheduleFlush();
  }

  /** The counters are rebuilt: answer subscriptions from now on. */
  markReady(): void {
    this.ready = true;
    this.engine.refresh(Date.now());
    for (const resolve of this.waiting.splice(0)) resolve();
    this.flush();
  }

  isReady(): boolean {
    return this.ready;
  }

  async start(): Promise<void> {
    this.tickTimer = setInterval(() => {
      this.engine.refresh(Date.now());
      this.flush();
    }, 1_000);
    this.tickTimer.unref();
  }

  async stop(): Promise<void> {
    if (this.tickTimer) clearInterval(this.tickTimer);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    for (const call of this.subscribers.values()) call.end();
    this.subscribers.clear();
  }

  subscribe(call: Subscriber): void {
    const id = call.request.subscriberId;
    if (!id) {
      call.destroy(new Error('subscriber_id is required'));
      return;
    }
    const attach = () => {
      if (call.cancelled || call.destroyed) return;
      this.subscribers.get(id)?.end();
      this.subscribers.set(id, call);
      // Pending changes belong to the state before this snapshot: push them to the others first.
      this.flush();
      const snapshot = this.engine.subscribe(id, call.request.heldGrants, call.request.openReservations, Date.now());
      call.write(snapshot);
      this.log.info(
        { subscriber: id, decisions: snapshot.decisions.length, grants: snapshot.grants.length, replicas: snapshot.replicaCount },
        'router subscribed to quota decisions',
      );
      this.flush();
    };
    const detach = () => {
      if (this.subscribers.get(id) !== call) return;
      this.subscribers.delete(id);
      this.engine.unsubscribe(id, Date.now());
      this.log.info({ subscriber: id }, 'router unsubscribed');
      this.scheduleFlush();
    };
    call.on('cancelled', detach);
    call.on('close', detach);
    call.on('error', detach);
    if (this.ready) attach();
    else this.waiting.push(attach);
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    this.flushTimer = setTimeout(() => {
      this.flushScheduled = false;
      this.flush();
    }, this.flushIntervalMs);
  }

  private flush(): void {
    const changes = this.engine.drain(Date.now());
    if (changes.crossings.length > 0) this.onCrossings(changes.crossings);
    if (!this.ready) return;
    const replicaCount = this.engine.replicaCount();
    for (const [id, call] of this.subscribers) {
      const mine = changes.holders.get(id);
      if (changes.decisions.length === 0 && !mine && !changes.replicaCountChanged) continue;
      call.write(
        QuotaDecisionBatch.fromPartial({
          decisions: changes.decisions,
          grants: mine?.grants ?? [],
          settledAttemptIds: mine?.settledAttemptIds ?? [],
          droppedGrantKeys: mine?.droppedGrantKeys ?? [],
          replicaCount,
        }),
      );
      this.pushed.inc();
    }
  }
}
