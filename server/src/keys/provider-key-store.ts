import type { AppContext } from '../app/context.ts';
import { open, seal } from './encryption.ts';

/** What the status route shows of a stored OpenRouter key; never the key itself. */
export interface ProviderKeyStatus {
  configured: boolean;
  last4: string | null;
  verified: boolean;
  updatedAt: string | null;
}

/** Encrypts and stores (or replaces) a user's OpenRouter key, with a fresh nonce each time. */
export async function saveProviderKey(
  ctx: AppContext,
  userId: number,
  apiKey: string,
  verified: boolean,
): Promise<void> {
  const sealed = seal(ctx.secrets.encryptionKey, userId, apiKey);
  const now = ctx.now();
  const changes = {
    ciphertext: sealed.ciphertext,
    nonce: sealed.nonce,
    last4: apiKey.slice(-4),
    verified: verified ? (1 as const) : (0 as const),
    updated_at: now,
  };
  const insert = ctx.db
    .insertInto('provider_keys')
    .values({ user_id: userId, created_at: now, ...changes });
  if (ctx.dialect === 'mysql') {
    await insert.onDuplicateKeyUpdate(changes).execute();
  } else {
    await insert
      .onConflict((conflict) => conflict.column('user_id').doUpdateSet(changes))
      .execute();
  }
}

export async function deleteProviderKey(ctx: AppContext, userId: number): Promise<void> {
  await ctx.db.deleteFrom('provider_keys').where('user_id', '=', userId).execute();
}

export async function providerKeyStatus(
  ctx: AppContext,
  userId: number,
): Promise<ProviderKeyStatus> {
  const row = await ctx.db
    .selectFrom('provider_keys')
    .select(['last4', 'verified', 'updated_at'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (row === undefined)
    return { configured: false, last4: null, verified: false, updatedAt: null };
  return {
    configured: true,
    last4: row.last4,
    verified: row.verified === 1,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/**
 * Returns the user's decrypted OpenRouter key, or undefined when none is
 * stored. Throws when the row does not decrypt under this user id and key.
 */
export async function loadProviderKey(
  ctx: AppContext,
  userId: number,
): Promise<string | undefined> {
  const row = await ctx.db
    .selectFrom('provider_keys')
    .select(['ciphertext', 'nonce'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  return open(ctx.secrets.encryptionKey, userId, row);
}
