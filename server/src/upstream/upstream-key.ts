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

/**
 * Picks the key for a user's upstream call: their stored key, else the
 * operator key under KEY_POLICY=shared; throws 409 api_key_missing otherwise.
 */
export async function resolveUpstreamKey(ctx: AppContext, user: UserRow): Promise<UpstreamKey> {
  const stored = await loadProviderKey(ctx, user.id);
  if (stored !== undefined) return { apiKey: stored, owner: 'user' };
  if (ctx.config.keyPolicy === 'shared' && ctx.config.operatorApiKey !== undefined) {
    return { apiKey: ctx.config.operatorApiKey, owner: 'operator' };
  }
  throw new AppError(
    'api_key_missing',
    'No OpenRouter API key is stored for your account. Store one with PUT /api/user/api-key.',
  );
}
