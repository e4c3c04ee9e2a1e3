import type { Db } from '../storage/database.ts';
import type { UserRow } from '../storage/schema.ts';

/**
 * Per-request lookups of users by id. Entries live at most `ttlMs` (1 s), so
 * a change made by another instance reaches this one within that time; the
 * instance that makes a change calls `forget` and sees it at once.
 */
export class UserCache {
  readonly #db: Db;
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #entries = new Map<number, { row: UserRow | undefined; fetchedAt: number }>();

  constructor(db: Db, now: () => number, ttlMs = 1000) {
    this.#db = db;
    this.#now = now;
    this.#ttlMs = ttlMs;
  }

  async get(userId: number): Promise<UserRow | undefined> {
    const now = this.#now();
    const cached = this.#entries.get(userId);
    if (cached !== undefined && now - cached.fetchedAt < this.#ttlMs) return cached.row;
    const row = await this.#db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', userId)
      .executeTakeFirst();
    if (this.#entries.size > 10_000) this.#entries.clear();
    this.#entries.set(userId, { row, fetchedAt: now });
    return row;
  }

  forget(userId: number): void {
    this.#entries.delete(userId);
  }
}
