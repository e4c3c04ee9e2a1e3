import type { AppContext } from '../app/context.ts';
import type { GatewayKeyRow } from '../storage/schema.ts';
import { displayPrefix, generateGatewayKey, hashGatewayKey } from './gateway-key-format.ts';

/** A gateway key as the API lists it. */
export interface GatewayKeyView {
  id: number;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
}

// The last millisecond with a four-digit year. A later time makes toISOString
// write a six-digit year (+010000-…), which `format: date-time` rejects.
const LATEST_ISO_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * Formats a stored Unix ms time for the API, clamped to 1970–9999, so a value
 * stored out of range still shows as a valid date-time instead of failing the list.
 */
function isoTime(ms: number): string {
  return new Date(Math.min(Math.max(ms, 0), LATEST_ISO_MS)).toISOString();
}

function isoOrNull(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : isoTime(ms);
}

/** Shapes a row, preferring the last use still pending in memory over the stored one. */
export function toGatewayKeyView(ctx: AppContext, row: GatewayKeyRow): GatewayKeyView {
  const pending = ctx.gatewayKeys.pendingLastUsed(row.id);
  const lastUsed = Math.max(pending ?? 0, row.last_used_at ?? 0);
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: isoTime(row.created_at),
    lastUsedAt: isoOrNull(lastUsed === 0 ? null : lastUsed),
    expiresAt: isoOrNull(row.expires_at),
  };
}

export function listGatewayKeys(ctx: AppContext, userId: number): Promise<GatewayKeyRow[]> {
  return ctx.db
    .selectFrom('gateway_keys')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .execute();
}

/** Creates a key and returns its row and the full key, which is not stored and shown once. */
export async function createGatewayKey(
  ctx: AppContext,
  userId: number,
  name: string,
  expiresAt: number | null,
): Promise<{ row: GatewayKeyRow; key: string }> {
  const key = generateGatewayKey();
  const keyHash = hashGatewayKey(key);
  await ctx.db
    .insertInto('gateway_keys')
    .values({
      user_id: userId,
      name,
      prefix: displayPrefix(key),
      key_hash: keyHash,
      created_at: ctx.now(),
      last_used_at: null,
      expires_at: expiresAt,
    })
    .execute();
  // No RETURNING on MySQL, so the row is read back by its unique hash.
  const row = await ctx.db
    .selectFrom('gateway_keys')
    .selectAll()
    .where('key_hash', '=', keyHash)
    .executeTakeFirstOrThrow();
  return { row, key };
}

/** Deletes one of the user's keys; returns false when the user has no key with that id. */
export async function deleteGatewayKey(
  ctx: AppContext,
  userId: number,
  keyId: number,
): Promise<boolean> {
  const result = await ctx.db
    .deleteFrom('gateway_keys')
    .where('id', '=', keyId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  ctx.gatewayKeys.forgetAll();
  return Number(result.numDeletedRows) > 0;
}
