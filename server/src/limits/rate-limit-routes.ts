import { Type } from 'typebox';
import { AdminUserRow, loadAdminUserRow } from '../admin/admin-user-row.ts';
import { recordAudit } from '../admin/audit-log.ts';
import type { AppContext } from '../app/context.ts';
import type { AppInstance } from '../app/instance.ts';
import { userOf } from '../http/authenticate.ts';
import { notFound } from '../http/errors.ts';
import { nullableInteger } from './nullable-integer.ts';

const Params = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const Body = Type.Object({
  requestsPerMinute: nullableInteger({
    minimum: 1,
    maximum: 1_000_000,
    description: 'The per-user override; null falls back to RATE_LIMIT_PER_MINUTE.',
  }),
});

/** `PUT /api/admin/users/{id}/rate-limit`: a per-user per-minute limit that beats RATE_LIMIT_PER_MINUTE. */
export async function rateLimitRoutes(app: AppInstance, ctx: AppContext): Promise<void> {
  app.put(
    '/api/admin/users/:id/rate-limit',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['admin', 'limits'],
        summary: "Set or clear a user's per-minute limit",
        params: Params,
        body: Body,
        response: { 200: AdminUserRow },
      },
    },
    async (request) => {
      const admin = userOf(request);
      const userId = request.params.id;
      const existing = await ctx.db
        .selectFrom('users')
        .select('rate_limit_per_minute')
        .where('id', '=', userId)
        .executeTakeFirst();
      if (existing === undefined) throw notFound('User');
      const now = ctx.now();
      const requestsPerMinute = request.body.requestsPerMinute;
      await ctx.db
        .updateTable('users')
        .set({ rate_limit_per_minute: requestsPerMinute, updated_at: now })
        .where('id', '=', userId)
        .execute();
      ctx.users.forget(userId);
      await recordAudit(
        ctx.db,
        {
          actor: { id: admin.id, email: admin.email },
          action: 'user.rate_limit',
          targetType: 'user',
          targetId: userId,
          before: { requestsPerMinute: existing.rate_limit_per_minute },
          after: { requestsPerMinute },
        },
        now,
      );
      const row = await loadAdminUserRow(ctx, userId);
      if (row === undefined) throw notFound('User');
      return row;
    },
  );
}
