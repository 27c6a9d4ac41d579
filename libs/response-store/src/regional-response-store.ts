import type { ResponseStore, StoredResponse } from '@switchyard/openai-api';
import { RedisResponseStore } from './redis-response-store';
import type { ResponseStoreLog } from './redis-response-store';
import { storeLocations } from './response-store-settings';
import type { ResponseStoreSettings } from './response-store-settings';
import { storeRegionFor } from './store-region';

/** What the store needs to know of a tenant (in ingress: from the replayed config). */
export interface TenantStoragePolicy {
  /** The tenant's allowed regions; empty means any. */
  regions(tenantId: string): readonly string[];
  /** The tenant's raw-log retention in days; 0 means the platform default. */
  retentionDays(tenantId: string): number;
}

/**
 * The ResponseStore of ingress: the default Redis plus one per pinned region,
 * each tenant's responses in the store of a region it allows (store-region.ts),
 * kept for the tenant's retention.
 */
export class RegionalResponseStore implements ResponseStore {
  readonly name = 'response-store';
  readonly stopPhase = 'outlet' as const;
  private readonly stores = new Map<string, RedisResponseStore>();
  private readonly defaultRegion: string;
  private readonly regions: ReadonlySet<string>;
  /** Deleted tenants whose responses are still to be erased (retried when a store reconnects). */
  private readonly erasing = new Set<string>();

  constructor(
    private readonly settings: ResponseStoreSettings,
    private readonly tenants: TenantStoragePolicy,
    private readonly log: ResponseStoreLog,
  ) {
    const locations = storeLocations(settings);
    for (const { region, url } of locations) this.stores.set(region, new RedisResponseStore(url, settings.responsesKeyPrefix, log));
    this.defaultRegion = locations[0]?.region ?? '';
    this.regions = new Set(this.stores.keys());
    for (const store of this.stores.values()) store.onReady(() => void this.eraseQueued());
  }

  accepts(tenantId: string): boolean {
    return this.storeOf(tenantId) !== undefined;
  }

  async save(record: StoredResponse): Promise<void> {
    const days = this.tenants.retentionDays(record.tenantId) || this.settings.responsesRetentionDays;
    await this.required(record.tenantId).save(record, days * 86_400);
  }

  async load(tenantId: string, responseId: string): Promise<StoredResponse | undefined> {
    return this.storeOf(tenantId)?.load(tenantId, responseId);
  }

  async delete(tenantId: string, responseId: string): Promise<boolean> {
    return (await this.storeOf(tenantId)?.delete(tenantId, responseId)) ?? false;
  }

  /**
   * Erases every response of a deleted tenant, in every store (its regions may
   * have changed since a response was kept). A store that is away is retried
   * when it reconnects.
   */
  async eraseTenant(tenantId: string): Promise<void> {
    this.erasing.add(tenantId);
    await this.eraseQueued();
  }

  /** The Redis keeping a tenant's responses (undefined: none in its regions). */
  storeOf(tenantId: string): RedisResponseStore | undefined {
    const region = storeRegionFor(this.tenants.regions(tenantId), this.regions, this.defaultRegion);
    return region === null ? undefined : this.stores.get(region);
  }

  private required(tenantId: string): RedisResponseStore {
    const store = this.storeOf(tenantId);
    if (!store) throw new Error(`no response store in the regions of tenant ${tenantId}`);
    return store;
  }

  private async eraseQueued(): Promise<void> {
    // Before every store is connected (config replay at start) the erasure waits for the last 'ready'.
    if (![...this.stores.values()].every((s) => s.connected)) return;
    for (const tenantId of [...this.erasing]) {
      try {
        let erased = 0;
        for (const store of this.stores.values()) erased += await store.deleteTenant(tenantId);
        this.erasing.delete(tenantId);
        if (erased > 0) this.log.info({ tenantId, erased }, 'response store: deleted tenant erased');
      } catch (err) {
        this.log.warn({ err, tenantId }, 'response store: erasing a deleted tenant failed (retried on reconnect)');
      }
    }
  }

  async start(): Promise<void> {
    await Promise.all([...this.stores.values()].map((s) => s.start()));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.stores.values()].map((s) => s.stop()));
  }
}
