import type { AppContext } from '../app/context.ts';
import type { UserRow } from '../storage/schema.ts';
import { type PublicUser, toPublicUser } from './principal.ts';
import { issueToken } from './tokens.ts';

export interface SessionBody {
  token: string;
  expiresAt: string;
  user: PublicUser;
}

/** Signs a token for the user's current session counter and returns the API's session body. */
export async function issueSession(ctx: AppContext, user: UserRow): Promise<SessionBody> {
  const issued = await issueToken(
    ctx.secrets.jwtSecret,
    { userId: user.id, sessionCounter: user.session_counter, sessionSalt: user.session_salt },
    ctx.config.jwtExpirationMs,
    ctx.now(),
  );
  return { ...issued, user: toPublicUser(user) };
}

export function passwordCost(ctx: AppContext) {
  return { memoryKib: ctx.config.argon2MemoryKib, iterations: ctx.config.argon2Iterations };
}
