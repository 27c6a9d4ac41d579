import type { ResponseStore, StoredResponse } from '@switchyard/openai-api';
import { Redis } from 'ioredis';
import type { ResponseStoreSettings } from './response-store-settings';

/** The log lines the store writes (connection trouble; requests see their own errors). */
export interface ResponseStoreLog {
  warn(fields: Record<string, unknown>, message: string): void;
}

/**
 * Stored responses in Redis: one JSON value per response under
 * `<prefix>:resp:<tenant>:<id>`, expiring after the retention. The tenant in
 * the key is what makes another tenant's id a miss.
 */
export class RedisResponseStore implements ResponseStore {
  readonly name = 'response-store';
  readonly stopPhase = 'outlet' as const;
  private readonly redis: Redis;
  private readonly ttlSeconds: number;

  constructor(
    private readonly settings: ResponseStoreSettings,
    log: ResponseStoreLog,
  ) {
    // Commands fail fast while Redis is away instead of queueing behind a request.
    this.redis = new Redis(settings.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    let warned = false;
    this.redis.on('error', (err: Error) => {
      if (!warned) log.warn({ err, redis: settings.redisUrl }, 'response store: Redis unavailable (retrying)');
      warned = true;
    });
    this.redis.on('ready', () => (warned = false));
    this.ttlSeconds = settings.responsesRetentionDays * 86_400;
  }

  key(tenantId: string, responseId: string): string {
    return `${this.settings.responsesKeyPrefix}:resp:${tenantId}:${responseId}`;
  }

  async save(record: StoredResponse): Promise<void> {
    await this.redis.set(this.key(record.tenantId, record.response.id), JSON.stringify(record), 'EX', this.ttlSeconds);
  }

  async load(tenantId: string, responseId: string): Promise<StoredResponse | undefined> {
    const raw = await this.redis.get(this.key(tenantId, responseId));
    if (raw === null) return undefined;
    const record = JSON.parse(raw) as StoredResponse;
    return record.tenantId === tenantId ? record : undefined;
  }

  async delete(tenantId: string, responseId: string): Promise<boolean> {
    return (await this.redis.del(this.key(tenantId, responseId))) > 0;
  }

  /** Whether commands can run now (for readiness details). */
  get connected(): boolean {
    return this.redis.status === 'ready';
  }

  async start(): Promise<void> {
    // A Redis that is down at start does not keep ingress from serving everything else; ioredis keeps retrying.
    await this.redis.connect().catch(() => undefined);
  }

  async stop(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
