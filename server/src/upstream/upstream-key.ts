import type { AppContext } from '../app/context.ts';
import { AppError } from '../http/errors.ts';
import { loadProviderKey } from '../keys/provider-key-store.ts';
import type { UserRow } from '../storage/schema.ts';
import type { KeyOwner } from './map-status.ts';

/** The key sent upstream for one user, and whose it is (their 401 maps differently). */
export interface UpstreamKey {
  apiKey: string;
  owner: KeyOwner;
}

// Same rule as the user cache: a key stored through another instance is used here within 1 s.
const CACHE_MS = 1000;
const MAX_ENTRIES = 10_000;

interface CachedKey {
  apiKey: string | undefined;
  fetchedAt: number;
}

// One cache per gateway, so gateways in the same process (tests) do not share keys.
const caches = new WeakMap<AppContext, Map<number, CachedKey>>();

function cacheOf(ctx: AppContext): Map<number, CachedKey> {
  let cache = caches.get(ctx);
  if (cache === undefined) {
    cache = new Map();
    caches.set(ctx, cache);
  }
  return cache;
}

/** Drops the user's cached key; call after storing or removing it. */
export function forgetProviderKey(ctx: AppContext, userId: number): void {
  cacheOf(ctx).delete(userId);
}

// Saves the SELECT and the AES-GCM decryption on each chat request.
async function storedKey(ctx: AppContext, userId: number): Promise<string | undefined> {
  const cache = cacheOf(ctx);
  const now = ctx.now();
  const hit = cache.get(userId);
  if (hit !== undefined && now - hit.fetchedAt >= 0 && now - hit.fetchedAt < CACHE_MS)
    return hit.apiKey;
  const apiKey = await loadProviderKey(ctx, userId);
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(userId, { apiKey, fetchedAt: now });
  return apiKey;
}

/**
 * Picks the key for a user's upstream call: their stored key, else the
 * operator key under KEY_POLICY=shared; throws 409 api_key_missing otherwise.
 */
export async function resolveUpstreamKey(ctx: AppContext, user: UserRow): Promise<UpstreamKey> {
  const stored = await storedKey(ctx, user.id);
  if (stored !== undefined) return { apiKey: stored, owner: 'user' };
  if (ctx.config.keyPolicy === 'shared' && ctx.config.operatorApiKey !== undefined) {
    return { apiKey: ctx.config.operatorApiKey, owner: 'operator' };
  }
  throw new AppError(
    'api_key_missing',
    'No OpenRouter API key is stored for your account. Store one with PUT /api/user/api-key.',
  );
}
