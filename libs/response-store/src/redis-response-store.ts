import type { StoredResponse } from '@switchyard/openai-api';
import { Redis } from 'ioredis';

/** The log lines a store writes (connection trouble; requests see their own errors). */
export interface ResponseStoreLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/** Glob characters in a tenant id match only themselves in a SCAN pattern. */
function globLiteral(text: string): string {
  return text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}

/**
 * Stored responses in one Redis: one JSON value per response under
 * `<prefix>:resp:<tenant>:<id>`, expiring after the tenant's retention. The
 * tenant in the key is what makes another tenant's id a miss.
 */
export class RedisResponseStore {
  private readonly redis: Redis;
  private readonly readyListeners: (() => void)[] = [];

  constructor(
    readonly url: string,
    private readonly keyPrefix: string,
    log: ResponseStoreLog,
  ) {
    // Commands fail fast while Redis is away instead of queueing behind a request.
    this.redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    let warned = false;
    this.redis.on('error', (err: Error) => {
      if (!warned) log.warn({ err, redis: url }, 'response store: Redis unavailable (retrying)');
      warned = true;
    });
    this.redis.on('ready', () => {
      warned = false;
      for (const listener of this.readyListeners) listener();
    });
  }

  key(tenantId: string, responseId: string): string {
    return `${this.keyPrefix}:resp:${tenantId}:${responseId}`;
  }

  async save(record: StoredResponse, ttlSeconds: number): Promise<void> {
    await this.redis.set(this.key(record.tenantId, record.response.id), JSON.stringify(record), 'EX', ttlSeconds);
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

  /** Deletes every stored response of a tenant; returns how many there were. */
  async deleteTenant(tenantId: string): Promise<number> {
    let deleted = 0;
    let cursor = '0';
    const match = `${globLiteral(this.keyPrefix)}:resp:${globLiteral(tenantId)}:*`;
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', match, 'COUNT', 500);
      if (keys.length > 0) deleted += await this.redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
    return deleted;
  }

  /** Runs `listener` every time the connection becomes ready (after a start or a reconnect). */
  onReady(listener: () => void): void {
    this.readyListeners.push(listener);
  }

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
