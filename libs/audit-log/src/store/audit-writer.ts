import { ConfigEvent } from '@switchyard/contracts';
import { configEventKey as configEventKeyOf } from '@switchyard/control-plane';
import type { Log } from '@switchyard/platform';
import type { AuditRow } from '../chain/audit-entry';
import { configEventFacts } from '../chain/config-event-facts';
import { appendLink, ChainKeys, ChainTail, GENESIS } from '../chain/hash-chain';
import type { AuditStore } from './audit-store';
import type { ChainMetrics } from './chain-metrics';

export interface AuditRecordInput {
  readonly value: Buffer | null;
  readonly offset: string;
}

/**
 * Turns config events into chained audit rows. Every event is its own entry,
 * also when the entity did not change (an admin action is audited as such).
 * Redelivered events (same event id) are skipped, so a crash between insert
 * and offset commit never doubles or forks the chain. One writer per chain:
 * the config topic has one partition, so one consumer owns it at a time.
 */
export class AuditWriter {
  private tails: { global: ChainTail; tenants: Map<string, ChainTail> } | undefined;
  private readonly states = new Map<string, string>();

  constructor(
    private readonly store: AuditStore,
    private readonly keys: ChainKeys,
    private readonly userTenant: (userId: string) => string,
    private readonly log: Log,
    private readonly metrics?: ChainMetrics,
    private readonly now: () => number = Date.now,
  ) {}

  async write(records: readonly AuditRecordInput[]): Promise<number> {
    const events = this.decode(records);
    if (events.length === 0) return 0;
    this.metrics?.received(events.map((e) => Number(e.meta?.occurredAtMs ?? 0) || this.now()));
    try {
      this.tails ??= await this.store.tails();
      const stored = await this.store.storedEventIds(events.map((e) => e.meta?.eventId ?? ''));
      const fresh = events.filter((e) => !stored.has(e.meta?.eventId ?? ''));
      await this.loadStates(fresh);
      const batchUsers = new Map<string, string>();
      const rows: AuditRow[] = [];
      for (const event of fresh) {
        if (event.entity?.$case === 'user') batchUsers.set(event.entity.user.id, event.entity.user.tenantId);
        const tenantOf = (userId: string) => batchUsers.get(userId) ?? this.userTenant(userId);
        const key = keyOf(event);
        const facts = configEventFacts(event, this.states.get(key) ?? '', tenantOf);
        const tenantTail = this.tenantTail(facts.chain_tenant_id);
        rows.push(appendLink(facts, this.tails.global, tenantTail, this.keys, this.now()));
        this.states.set(key, facts.after_json);
      }
      await this.store.append(rows);
      this.metrics?.chained(rows.length);
      return rows.length;
    } catch (error) {
      this.metrics?.failed('write');
      // The insert may or may not have landed: forget what we think the tails are and re-read them.
      this.tails = undefined;
      this.states.clear();
      throw error;
    }
  }

  private tenantTail(tenantId: string): ChainTail {
    const tails = this.tails!.tenants;
    let tail = tails.get(tenantId);
    if (!tail) tails.set(tenantId, (tail = { seq: 0, hash: GENESIS }));
    return tail;
  }

  private async loadStates(events: readonly ConfigEvent[]): Promise<void> {
    const missing = [...new Set(events.map(keyOf))].filter((k) => !this.states.has(k));
    for (const [key, json] of await this.store.latestStates(missing)) this.states.set(key, json);
    if (this.states.size > 50_000) this.states.clear(); // a cache; the store is the truth
  }

  private decode(records: readonly AuditRecordInput[]): ConfigEvent[] {
    const out: ConfigEvent[] = [];
    for (const r of records) {
      if (!r.value) continue;
      try {
        const event = ConfigEvent.decode(r.value);
        if (event.entity && event.meta?.eventId) out.push(event);
      } catch (error) {
        this.metrics?.failed('unreadable');
        this.log.error({ err: error, offset: r.offset }, 'skipped an unreadable config event');
      }
    }
    return out;
  }
}

function keyOf(event: ConfigEvent): string {
  return configEventKeyOf(event);
}
