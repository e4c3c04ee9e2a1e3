import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../storage/database.ts';
import type { GatewayKeyRow } from '../storage/schema.ts';
import { hashGatewayKey } from './gateway-key-format.ts';

/**
 * Looks up gateway keys by hash, with the same 1 s cache rule as users, and
 * keeps `last_used_at` in memory, writing it in one batch every flush
 * interval instead of once per request.
 */
export class GatewayKeyStore {
  readonly #db: Db;
  readonly #now: () => number;
  readonly #log: FastifyBaseLogger;
  readonly #cache = new Map<string, { row: GatewayKeyRow | undefined; fetchedAt: number }>();
  readonly #pendingLastUsed = new Map<number, number>();
  #timer: NodeJS.Timeout | undefined;

  constructor(db: Db, now: () => number, log: FastifyBaseLogger, flushIntervalMs = 30_000) {
    this.#db = db;
    this.#now = now;
    this.#log = log;
    this.#timer = setInterval(() => void this.flush(), flushIntervalMs);
    this.#timer.unref();
  }

  async findByKey(key: string): Promise<GatewayKeyRow | undefined> {
    const hash = hashGatewayKey(key);
    const now = this.#now();
    const cached = this.#cache.get(hash);
    if (cached !== undefined && now - cached.fetchedAt < 1000) return cached.row;
    const row = await this.#db
      .selectFrom('gateway_keys')
      .selectAll()
      .where('key_hash', '=', hash)
      .executeTakeFirst();
    if (this.#cache.size > 10_000) this.#cache.clear();
    this.#cache.set(hash, { row, fetchedAt: now });
    return row;
  }

  markUsed(keyId: number): void {
    this.#pendingLastUsed.set(keyId, this.#now());
  }

  /** The last use not yet written, so lists can show it before the flush. */
  pendingLastUsed(keyId: number): number | undefined {
    return this.#pendingLastUsed.get(keyId);
  }

  /** Drops cached lookups so a revocation takes effect on this instance at once. */
  forgetAll(): void {
    this.#cache.clear();
  }

  async flush(): Promise<void> {
    const entries = [...this.#pendingLastUsed];
    this.#pendingLastUsed.clear();
    for (const [id, usedAt] of entries) {
      try {
        await this.#db
          .updateTable('gateway_keys')
          .set({ last_used_at: usedAt })
          .where('id', '=', id)
          .execute();
      } catch (error) {
        this.#log.warn({ err: error, gatewayKeyId: id }, 'gateway key last-used write failed');
      }
    }
  }

  async close(): Promise<void> {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.flush();
  }
}
