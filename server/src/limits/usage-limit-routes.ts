import { Type } from 'typebox';
import { recordAudit } from '../admin/audit-log.ts';
import type { AppContext } from '../app/context.ts';
import type { AppInstance } from '../app/instance.ts';
import { findModelByModelId } from '../catalog/model-store.ts';
import { userOf } from '../http/authenticate.ts';
import { AppError } from '../http/errors.ts';
import { nullableInteger } from './nullable-integer.ts';
import {
  findUsageLimit,
  listUsageLimits,
  saveUsageLimit,
  type UsageLimit,
} from './usage-limits.ts';

const Limit = (description: string) =>
  nullableInteger({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description });

const UsageLimitSchema = Type.Object({
  modelId: Type.String({ minLength: 1, maxLength: 255 }),
  maxRequestsPerDay: Limit('Requests per user per day; null is unlimited.'),
  maxTokensPerDay: Limit('Total tokens per user per day; null is unlimited.'),
});

/** `GET|PUT /api/admin/usage-limits`: per-model daily limits, applied to each user separately. */
export async function usageLimitRoutes(app: AppInstance, ctx: AppContext): Promise<void> {
  app.get(
    '/api/admin/usage-limits',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['admin', 'limits'],
        summary: 'Daily limits per model',
        response: { 200: Type.Array(UsageLimitSchema) },
      },
    },
    () => listUsageLimits(ctx.db),
  );

  app.put(
    '/api/admin/usage-limits',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['admin', 'limits'],
        summary: "Set one model's daily limits (both null removes them)",
        body: UsageLimitSchema,
        response: { 200: UsageLimitSchema },
      },
    },
    async (request) => {
      const admin = userOf(request);
      const next: UsageLimit = request.body;
      if ((await findModelByModelId(ctx.db, next.modelId)) === undefined) {
        throw new AppError('model_not_found', `Model ${next.modelId} is not in the catalogue.`, {
          param: 'modelId',
        });
      }
      const before = (await findUsageLimit(ctx.db, next.modelId)) ?? null;
      const now = ctx.now();
      await saveUsageLimit(ctx.db, next, now);
      await recordAudit(
        ctx.db,
        {
          actor: { id: admin.id, email: admin.email },
          action: 'usage_limits.update',
          targetType: 'model',
          targetId: next.modelId,
          before,
          after: next,
        },
        now,
      );
      return next;
    },
  );
}
