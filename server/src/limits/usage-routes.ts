import { Type } from 'typebox';
import type { AppContext } from '../app/context.ts';
import type { AppInstance } from '../app/instance.ts';
import { userOf } from '../http/authenticate.ts';
import { nextDayStart, quotaDay } from './quota-day.ts';
import { listUsageLimits } from './usage-limits.ts';

const Limit = Type.Union([Type.Integer(), Type.Null()]);

const UsageSchema = Type.Object({
  day: Type.String({ description: 'YYYY-MM-DD in USAGE_TIMEZONE' }),
  timezone: Type.String(),
  resetAt: Type.String({ format: 'date-time', description: 'When the next quota day starts' }),
  models: Type.Array(
    Type.Object({
      modelId: Type.String(),
      requests: Type.Integer(),
      totalTokens: Type.Integer(),
      maxRequestsPerDay: Limit,
      maxTokensPerDay: Limit,
    }),
  ),
});

/** `GET /api/user/usage`: today's counts of the caller, with each model's limits. */
export async function usageRoutes(app: AppInstance, ctx: AppContext): Promise<void> {
  app.get(
    '/api/user/usage',
    {
      schema: {
        tags: ['limits'],
        summary: 'Your requests and tokens today, per model, with the limits',
        response: { 200: UsageSchema },
      },
    },
    async (request) => {
      const timezone = ctx.config.usageTimezone;
      const now = ctx.now();
      const day = quotaDay(timezone, now);
      const [usage, limits] = await Promise.all([
        ctx.db
          .selectFrom('usage_daily')
          .select(['model_id', 'requests', 'total_tokens'])
          .where('user_id', '=', userOf(request).id)
          .where('day', '=', day)
          .orderBy('model_id')
          .execute(),
        listUsageLimits(ctx.db),
      ]);
      const byModel = new Map(limits.map((limit) => [limit.modelId, limit]));
      return {
        day,
        timezone,
        resetAt: new Date(nextDayStart(timezone, now)).toISOString(),
        models: usage.map((row) => ({
          modelId: row.model_id,
          requests: Number(row.requests),
          totalTokens: Number(row.total_tokens),
          maxRequestsPerDay: byModel.get(row.model_id)?.maxRequestsPerDay ?? null,
          maxTokensPerDay: byModel.get(row.model_id)?.maxTokensPerDay ?? null,
        })),
      };
    },
  );
}
