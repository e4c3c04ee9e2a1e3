import { Type } from 'typebox';
import type { AppContext } from '../app/context.ts';
import { toPublicUser } from '../auth/principal.ts';
import type { UserRow } from '../storage/schema.ts';
import { dayOf } from './calendar-day.ts';

/** A user as the admin routes return it: the public user plus limits and usage. */
export const AdminUserRow = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  role: Type.Union([Type.Literal('user'), Type.Literal('admin')]),
  status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
  mustChangePassword: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  requestsPerMinute: Type.Union([Type.Integer(), Type.Null()], {
    description: 'The per-user override; null means RATE_LIMIT_PER_MINUTE applies.',
  }),
  requestsToday: Type.Integer({
    description: 'Chat requests counted today (USAGE_TIMEZONE), all models.',
  }),
  hasApiKey: Type.Boolean({ description: 'True when the user stored an OpenRouter key.' }),
});

export type AdminUserRow = Type.Static<typeof AdminUserRow>;

/** What the admin row adds to the user table, loaded per user. */
export interface AdminUserFacts {
  requestsToday: number;
  hasApiKey: boolean;
}

/** Maps a user and its facts to the admin row. */
export function toAdminUserRow(row: UserRow, facts: AdminUserFacts): AdminUserRow {
  return {
    ...toPublicUser(row),
    requestsPerMinute: row.rate_limit_per_minute,
    requestsToday: facts.requestsToday,
    hasApiKey: facts.hasApiKey,
  };
}

/** Loads today's request counts and stored-key flags for several users in two queries. */
export async function loadAdminUserFacts(
  ctx: AppContext,
  userIds: readonly number[],
): Promise<Map<number, AdminUserFacts>> {
  const facts = new Map<number, AdminUserFacts>();
  for (const id of userIds) facts.set(id, { requestsToday: 0, hasApiKey: false });
  if (userIds.length === 0) return facts;
  const today = dayOf(ctx.now(), ctx.config.usageTimezone);
  const [usage, keys] = await Promise.all([
    ctx.db
      .selectFrom('usage_daily')
      .select((eb) => ['user_id', eb.fn.sum('requests').as('requests')])
      .where('user_id', 'in', userIds)
      .where('day', '=', today)
      .groupBy('user_id')
      .execute(),
    ctx.db.selectFrom('provider_keys').select('user_id').where('user_id', 'in', userIds).execute(),
  ]);
  for (const row of usage) {
    const entry = facts.get(Number(row.user_id));
    if (entry !== undefined) entry.requestsToday = Number(row.requests ?? 0);
  }
  for (const row of keys) {
    const entry = facts.get(Number(row.user_id));
    if (entry !== undefined) entry.hasApiKey = true;
  }
  return facts;
}

/** Reads one user's admin row fresh from the database, or undefined when the id is unknown. */
export async function loadAdminUserRow(
  ctx: AppContext,
  userId: number,
): Promise<AdminUserRow | undefined> {
  const row = await ctx.db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', userId)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const facts = await loadAdminUserFacts(ctx, [row.id]);
  return toAdminUserRow(row, facts.get(row.id) ?? { requestsToday: 0, hasApiKey: false });
}
