import { sql } from 'kysely';
import type { AppContext } from '../app/context.ts';
import { type AdminUserRow, loadAdminUserFacts, toAdminUserRow } from './admin-user-row.ts';
import { likePattern } from './chat-log-filter.ts';
import type { PageRequest } from './pagination.ts';

/** Reads one page of users, newest first, optionally those whose email contains `search`. */
export async function listUsers(
  ctx: AppContext,
  search: string | undefined,
  page: PageRequest,
): Promise<{ items: AdminUserRow[]; page: number; size: number; total: number }> {
  let rows = ctx.db.selectFrom('users');
  const term = search?.trim().toLowerCase();
  if (term !== undefined && term !== '') {
    rows = rows.where(
      sql<boolean>`lower(email) like lower(${likePattern(term)}) escape ${sql.lit('!')}`,
    );
  }
  const [users, counted] = await Promise.all([
    rows.selectAll().orderBy('id', 'desc').limit(page.size).offset(page.offset).execute(),
    rows.select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow(),
  ]);
  const facts = await loadAdminUserFacts(
    ctx,
    users.map((user) => user.id),
  );
  const items = users.map((user) =>
    toAdminUserRow(user, facts.get(user.id) ?? { requestsToday: 0, hasApiKey: false }),
  );
  return { items, page: page.page, size: page.size, total: Number(counted.count) };
}
