import { Type } from 'typebox';
import type { AppContext } from '../app/context.ts';
import type { AppInstance } from '../app/instance.ts';
import { loadStats } from './stats.ts';

const Totals = { requests: Type.Integer(), tokens: Type.Integer(), errors: Type.Integer() };
const NullableInteger = Type.Union([Type.Integer(), Type.Null()]);

const StatsBody = Type.Object({
  users: Type.Object({ total: Type.Integer(), active: Type.Integer() }),
  today: Type.Object({ ...Totals, latencyP50Ms: NullableInteger, latencyP95Ms: NullableInteger }),
  daily: Type.Array(Type.Object({ day: Type.String(), ...Totals })),
  topModels: Type.Array(
    Type.Object({ modelId: Type.String(), requests: Type.Integer(), tokens: Type.Integer() }),
  ),
  topUsers: Type.Array(
    Type.Object({
      userId: NullableInteger,
      email: Type.String(),
      requests: Type.Integer(),
      tokens: Type.Integer(),
    }),
  ),
});

/** `GET /api/admin/stats`: today, the last 30 days, and the top models and users. */
export async function statsRoutes(app: AppInstance, ctx: AppContext): Promise<void> {
  app.get(
    '/api/admin/stats',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['admin'],
        summary: 'Dashboard figures by USAGE_TIMEZONE day',
        response: { 200: StatsBody },
      },
    },
    async () => loadStats(ctx.db, ctx.now(), ctx.config.usageTimezone),
  );
}
